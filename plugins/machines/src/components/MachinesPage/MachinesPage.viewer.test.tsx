import { screen, within } from '@testing-library/react';
import {
  fakeMachinesApi,
  makeGroup,
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import {
  machineReader,
  renderMachines,
} from '../../__testUtils__/renderMachines';
import { userEvent, expectNoButtons } from '@opssight/plugin-api-react/testing';
import { MachinesPage } from './MachinesPage';

// usePermission caches decisions per module, so each role gets its own test file.
jest.setTimeout(20_000);

function renderPage(api: ReturnType<typeof fakeMachinesApi>) {
  renderMachines(<MachinesPage />, { api, role: machineReader });
}

const changed = makeMachine({
  id: 'm1',
  hostname: 'web-1',
  groups: ['web'],
  lastCheck: makeResult({
    machineId: 'm1',
    sshOk: false,
    errorKind: 'hostkey',
    fingerprint: 'SHA256:new',
  }),
});

describe('MachinesPage for a viewer', () => {
  it('shows the machines without a button the role cannot use', async () => {
    renderPage(
      fakeMachinesApi({
        listMachines: jest.fn(async () => ({
          items: [changed],
          totalCount: 1,
        })),
        listGroups: jest.fn(async () => [
          makeGroup({ id: 'g1', name: 'web', machineCount: 1 }),
        ]),
      }),
    );
    expect(await screen.findByText('host key changed')).toBeInTheDocument();
    expectNoButtons([
      'Add machine',
      'Bulk add',
      'Test connection',
      'Test connection to web-1',
      'Edit web-1',
      'Delete web-1',
      'Forget pinned key',
    ]);
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();

    // Groups can still be looked at, not changed or tested.
    await userEvent.click(screen.getByRole('button', { name: 'Groups' }));
    const dialog = within(
      await screen.findByRole('dialog', { name: 'Groups' }),
    );
    expect(dialog.getByTestId('group-row-web')).toBeInTheDocument();
    expectNoButtons(['Create group', /group web/], dialog);
  });

  it('explains an empty registry it cannot add to', async () => {
    renderPage(fakeMachinesApi());
    expect(
      await screen.findByText(/your role cannot add any/),
    ).toBeInTheDocument();
    expectNoButtons(['Add machine', 'Bulk add']);
  });
});
