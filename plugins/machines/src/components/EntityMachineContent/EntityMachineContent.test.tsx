import { screen, waitFor } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { userEvent, failingWith } from '@opssight/plugin-api-react/testing';
import {
  fakeMachinesApi,
  makeConnectionTestJob,
  makeConnectionTestTarget,
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import {
  connectionTestEvents,
  endedTestEvents,
} from '../../testing/connectionTestEvents';
import {
  machineEntity,
  renderMachines,
} from '../../__testUtils__/renderMachines';
import { EntityMachineContent } from './EntityMachineContent';

jest.setTimeout(20_000);

function renderContent(
  e: Entity,
  api = fakeMachinesApi(),
  options: {
    terminal?: boolean;
    events?: ReturnType<typeof connectionTestEvents>;
  } = {},
) {
  return renderMachines(
    <EntityProvider entity={e}>
      <EntityMachineContent />
    </EntityProvider>,
    { api, ...options },
  );
}

const machine = makeMachine({
  id: 'm1',
  ip: '10.0.0.1',
  hostname: 'web-1',
  groups: ['web'],
  tags: ['prod'],
  sshUser: 'deploy',
  hostKeyFingerprint: 'SHA256:pinned',
  lastCheck: null,
});

describe('EntityMachineContent', () => {
  it('shows the machine of the annotation and tests its connection', async () => {
    const tested = makeConnectionTestJob({
      status: 'succeeded',
      params: { machineIds: ['m1'], machineCount: 1 },
      progress: { total: 1, done: 1, failed: 0 },
    });
    const events = connectionTestEvents([
      {
        events: endedTestEvents(tested, [
          makeConnectionTestTarget(
            makeResult({ machineId: 'm1', latencyMs: 3 }),
          ),
        ]),
      },
    ]);
    const api = renderContent(
      machineEntity({ 'opssight.io/machine-id': 'm1' }),
      fakeMachinesApi({
        getMachine: jest.fn(async () => machine),
        startConnectionTest: jest.fn(async () => ({
          ...tested,
          status: 'queued' as const,
          finishedAt: null,
          progress: { total: 1, done: 0, failed: 0 },
        })),
      }),
      { events },
    );
    expect(await screen.findByText('10.0.0.1')).toBeInTheDocument();
    expect(api.getMachine).toHaveBeenCalledWith('m1');
    expect(screen.getByText('deploy@22')).toBeInTheDocument();
    expect(screen.getByTestId('pinned-host-key')).toHaveTextContent(
      'SHA256:pinned',
    );
    expect(screen.getByTestId('connection-status')).toHaveTextContent(
      'never tested',
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(api.startConnectionTest).toHaveBeenCalledWith({
      machineIds: ['m1'],
    });
    await waitFor(() =>
      expect(screen.getByTestId('connection-status')).toHaveTextContent(
        'SSH ok · 3 ms',
      ),
    );
  });

  it('opens a terminal on the machine', async () => {
    renderContent(
      machineEntity({ 'opssight.io/machine-id': 'm1' }),
      fakeMachinesApi({ getMachine: jest.fn(async () => machine) }),
    );
    expect(
      await screen.findByRole('link', { name: 'Open terminal' }),
    ).toHaveAttribute('href', '/terminal?machine=m1');
  });

  it('offers no terminal where there is no terminal page for the user', async () => {
    renderContent(
      machineEntity({ 'opssight.io/machine-id': 'm1' }),
      fakeMachinesApi({ getMachine: jest.fn(async () => machine) }),
      { terminal: false },
    );
    expect(await screen.findByText('10.0.0.1')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Test connection' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Open terminal' }),
    ).not.toBeInTheDocument();
  });

  it('offers to forget a changed host key, with a warning', async () => {
    const api = renderContent(
      machineEntity({ 'opssight.io/machine-id': 'm1' }),
      fakeMachinesApi({
        getMachine: jest.fn(async () => ({
          ...machine,
          lastCheck: makeResult({
            machineId: 'm1',
            sshOk: false,
            errorKind: 'hostkey',
            fingerprint: 'SHA256:other',
          }),
        })),
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Forget pinned key' }),
    );
    expect(
      await screen.findByText(
        /exactly what an attacker in the middle looks like/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Seen now: SHA256:other')).toBeInTheDocument();
    await userEvent.click(
      screen.getAllByRole('button', { name: 'Forget pinned key' }).at(-1)!,
    );
    await waitFor(() => expect(api.forgetHostKey).toHaveBeenCalledWith('m1'));
  });

  it('explains a missing annotation', async () => {
    renderContent(machineEntity({}));
    expect(
      await screen.findByText(/opssight.io\/machine-id/),
    ).toBeInTheDocument();
  });

  it('says so when the machine was deleted', async () => {
    renderContent(
      machineEntity({ 'opssight.io/machine-id': 'gone' }),
      fakeMachinesApi({
        getMachine: failingWith(404, 'NotFoundError', 'no machine gone'),
      }),
    );
    expect(
      await screen.findByText('This machine is no longer in the registry'),
    ).toBeInTheDocument();
  });
});
