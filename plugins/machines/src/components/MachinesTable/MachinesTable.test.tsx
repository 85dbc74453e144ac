import { screen, within } from '@testing-library/react';
import type { Machine } from '@opssight/plugin-machines-common';
import {
  makeMachine,
  makeResult,
} from '@opssight/plugin-machines-react/testing';
import { renderMachines } from '../../__testUtils__/renderMachines';
import { MachinesTable } from './MachinesTable';
import { expectNoButtons, userEvent } from '@opssight/plugin-api-react/testing';

// Clicking through rows re-renders the MUI table; jsdom is slow at that on a busy machine.
jest.setTimeout(20_000);

const ok = makeMachine({
  id: 'ok',
  ip: '10.0.0.1',
  hostname: 'web-ok',
  groups: ['web'],
  tags: ['prod', 'linux'],
  sshUser: 'deploy',
  sshPort: 2222,
  lastCheck: makeResult({ machineId: 'ok', sshOk: true, latencyMs: 12.4 }),
});
const refused = makeMachine({
  id: 'refused',
  ip: '10.0.0.2',
  hostname: 'web-refused',
  lastCheck: makeResult({
    machineId: 'refused',
    reachable: false,
    sshOk: false,
    latencyMs: null,
    fingerprint: null,
    errorKind: 'refused',
    message: 'connect ECONNREFUSED 10.0.0.2:22',
  }),
});
const changed = makeMachine({
  id: 'changed',
  ip: '10.0.0.3',
  hostname: 'web-changed',
  hostKeyFingerprint: 'SHA256:old',
  lastCheck: makeResult({
    machineId: 'changed',
    sshOk: false,
    errorKind: 'hostkey',
    fingerprint: 'SHA256:new',
    message: 'host key does not match the pinned one',
  }),
});
const never = makeMachine({
  id: 'never',
  ip: '10.0.0.4',
  hostname: 'web-never',
});

function renderTable(
  machines: Machine[],
  overrides: Partial<Parameters<typeof MachinesTable>[0]> = {},
) {
  const handlers = {
    onTest: jest.fn(),
    onEdit: jest.fn(),
    onDelete: jest.fn(),
    onForgetHostKey: jest.fn(),
    onSelectedChange: jest.fn(),
    onSort: jest.fn(),
  };
  renderMachines(
    <MachinesTable
      machines={machines}
      totalCount={machines.length}
      page={0}
      rowsPerPage={25}
      onPageChange={jest.fn()}
      onRowsPerPageChange={jest.fn()}
      orderBy="hostname"
      order="asc"
      selected={new Set()}
      statusOf={m => ({ result: m.lastCheck, testing: false })}
      {...handlers}
      {...overrides}
    />,
  );
  return handlers;
}

function statusIn(hostname: string) {
  const row = screen.getByText(hostname).closest('tr')!;
  return within(row as HTMLElement).getByTestId('connection-status');
}

describe('MachinesTable', () => {
  it('renders status colours and labels from lastCheck', async () => {
    renderTable([ok, refused, changed, never]);
    await screen.findByText('web-ok');

    const okChip = statusIn('web-ok');
    expect(okChip).toHaveTextContent('SSH ok · 12 ms');
    expect(okChip).toHaveAttribute('data-status', 'ok');
    expect(okChip.className).toMatch(/MuiChip-colorSuccess\b/);

    const refusedChip = statusIn('web-refused');
    expect(refusedChip).toHaveTextContent('refused');
    expect(refusedChip.className).toMatch(/MuiChip-colorError\b/);

    const changedChip = statusIn('web-changed');
    expect(changedChip).toHaveTextContent('host key changed');
    expect(changedChip.className).toMatch(/MuiChip-colorError\b/);

    const neverChip = statusIn('web-never');
    expect(neverChip).toHaveTextContent('never tested');
    expect(neverChip).toHaveAttribute('data-status', 'never');
    expect(neverChip.className).toMatch(/MuiChip-colorDefault\b/);
  });

  it('explains a status in its tooltip', async () => {
    renderTable([refused]);
    await userEvent.hover(await screen.findByText('refused'));
    expect(
      await screen.findByText('connect ECONNREFUSED 10.0.0.2:22'),
    ).toBeInTheDocument();
    expect(screen.getByText(/^Tested /)).toBeInTheDocument();
  });

  it('shows groups and tags as chips and SSH as user@port', async () => {
    renderTable([ok]);
    const row = (await screen.findByText('web-ok')).closest('tr')!;
    const cells = within(row as HTMLElement);
    expect(cells.getByText('web').className).toMatch(/MuiChip-label\b/);
    expect(cells.getByText('prod').className).toMatch(/MuiChip-label\b/);
    expect(cells.getByText('linux').className).toMatch(/MuiChip-label\b/);
    expect(cells.getByText('deploy@2222')).toBeInTheDocument();
  });

  it('offers to forget the pinned key only for a changed host key', async () => {
    const { onForgetHostKey } = renderTable([ok, changed]);
    const buttons = await screen.findAllByRole('button', {
      name: 'Forget pinned key',
    });
    expect(buttons).toHaveLength(1);
    await userEvent.click(buttons[0]);
    expect(onForgetHostKey).toHaveBeenCalledWith(changed);
  });

  it('shows machines being tested as testing', async () => {
    renderTable([never], {
      statusOf: m => ({ result: m.lastCheck, testing: true }),
    });
    expect(await screen.findByText('testing…')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Test connection to web-never' }),
    ).toBeDisabled();
  });

  it('runs row actions and selection', async () => {
    const { onTest, onEdit, onDelete, onSelectedChange, onSort } = renderTable([
      ok,
      never,
    ]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Test connection to web-ok' }),
    );
    expect(onTest).toHaveBeenCalledWith(ok);
    await userEvent.click(screen.getByRole('button', { name: 'Edit web-ok' }));
    expect(onEdit).toHaveBeenCalledWith(ok);
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete web-never' }),
    );
    expect(onDelete).toHaveBeenCalledWith(never);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select web-never' }),
    );
    expect(onSelectedChange).toHaveBeenLastCalledWith(new Set(['never']));
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: 'Select all machines on this page',
      }),
    );
    expect(onSelectedChange).toHaveBeenLastCalledWith(new Set(['ok', 'never']));
    await userEvent.click(screen.getByRole('button', { name: 'IP' }));
    expect(onSort).toHaveBeenCalledWith('ip');
  });

  it('offers no actions, selection or key forgetting without their handlers', async () => {
    renderTable([ok, changed], {
      onTest: undefined,
      onEdit: undefined,
      onDelete: undefined,
      onForgetHostKey: undefined,
      onSelectedChange: undefined,
    });
    await screen.findByText('web-ok');
    expect(screen.getByText('host key changed')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
    // Only sorting and paging remain.
    expectNoButtons([/Test connection|Edit|Delete/, 'Forget pinned key']);
  });

  it('links each machine to a terminal when a terminal link is given', async () => {
    renderTable([ok, never], {
      onTest: undefined,
      onEdit: undefined,
      onDelete: undefined,
      terminalLink: m => `/terminal?machine=${m.id}`,
    });
    expect(
      await screen.findByRole('link', { name: 'Open terminal on web-ok' }),
    ).toHaveAttribute('href', '/terminal?machine=ok');
    expect(
      screen.getByRole('link', { name: 'Open terminal on web-never' }),
    ).toHaveAttribute('href', '/terminal?machine=never');
    // The only action makes the column.
    expect(
      screen.getByRole('columnheader', { name: 'Actions' }),
    ).toBeInTheDocument();
  });

  it('offers each action only when its handler is given', async () => {
    renderTable([ok], { onDelete: undefined, onTest: undefined });
    expect(
      await screen.findByRole('button', { name: 'Edit web-ok' }),
    ).toBeInTheDocument();
    expectNoButtons(['Delete web-ok', 'Test connection to web-ok']);
  });
});
