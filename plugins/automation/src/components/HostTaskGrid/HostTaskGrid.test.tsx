import { useState } from 'react';
import { screen, within } from '@testing-library/react';
import { userEvent } from '@opssight/plugin-api-react/testing';
import { themes } from '@backstage/theme';
import type { Theme } from '@mui/material/styles';
import type { RunResults } from '../../api';
import { renderAutomationRoute } from '../../__testUtils__/renderAutomationRoute';
import {
  fakeAutomationApi,
  makeResults,
} from '../../testing/fakeAutomationApi';
import { cellColor, HostTaskGrid, type CellLook } from './HostTaskGrid';

/** The theme the test app draws with. */
const theme = themes.light.getTheme('v5') as Theme;
import { RecapTable } from './RecapTable';
import { TaskResultDialog } from './TaskResultDialog';

const cell = (
  host: string,
  task: string,
  status: RunResults['cells'][number]['status'],
  changed = false,
) => ({ host, task, status, changed, durationMs: 1200, hidden: false });

const tasks = ['t1', 't2', 't3'].map((id, i) => ({
  id,
  play: 'p1',
  name: `task ${i + 1}`,
  action: 'command',
  path: null,
  handler: false,
}));

const results = makeResults({
  tasks,
  hosts: ['web-1', 'web-2', 'web-3'],
  cells: [
    cell('web-1', 't1', 'ok'),
    cell('web-1', 't2', 'ok', true),
    cell('web-1', 't3', 'skipped'),
    cell('web-2', 't1', 'failed'),
    cell('web-2', 't2', 'ignored'),
    cell('web-3', 't1', 'unreachable'),
  ],
});

/** The grid and the dialog a click opens, as the run page puts them together. */
function GridWithDialog() {
  const [open, setOpen] = useState<{ host: string; taskId: string }>();
  return (
    <>
      <HostTaskGrid
        results={results}
        onCellClick={(host, taskId) => setOpen({ host, taskId })}
      />
      {open && (
        <TaskResultDialog
          runId="r1"
          host={open.host}
          taskId={open.taskId}
          taskName={tasks.find(t => t.id === open.taskId)!.name}
          onClose={() => setOpen(undefined)}
        />
      )}
    </>
  );
}

const rgb = (color: string) => {
  const probe = document.createElement('div');
  probe.style.backgroundColor = color;
  return probe.style.backgroundColor;
};

describe('HostTaskGrid', () => {
  it('colours each cell by how the host ended the task: green ok, yellow changed, red failed, purple unreachable, grey skipped', async () => {
    renderAutomationRoute(<GridWithDialog />, { role: 'viewer' });
    const button = (name: RegExp) => screen.getByRole('button', { name });
    const looks: Array<[RegExp, CellLook]> = [
      [/^web-1, task 1: ok/, 'ok'],
      [/^web-1, task 2: changed/, 'changed'],
      [/^web-1, task 3: skipped/, 'skipped'],
      [/^web-2, task 1: failed in 1.2 s/, 'failed'],
      [/^web-2, task 2: failed \(ignored\)/, 'ignored'],
      [/^web-3, task 1: unreachable/, 'unreachable'],
    ];
    // Green, yellow, grey, red, orange, purple.
    expect(looks.map(([, look]) => cellColor(theme, look))).toEqual([
      theme.palette.success.main,
      '#f2c200',
      theme.palette.grey[400],
      theme.palette.error.main,
      theme.palette.warning.light,
      '#8e44ad',
    ]);
    await screen.findByRole('table', { name: 'Hosts and tasks' });
    for (const [name, look] of looks) {
      const b = button(name);
      expect(b).toHaveAttribute('data-look', look);
      expect(getComputedStyle(b).backgroundColor).toBe(
        rgb(cellColor(theme, look)),
      );
    }
    // A task a host never reached has no cell.
    expect(screen.queryByRole('button', { name: /^web-3, task 2/ })).toBeNull();
    const colours = looks.map(
      ([name]) => getComputedStyle(button(name)).backgroundColor,
    );
    expect(new Set(colours).size).toBe(looks.length);
  });

  it("opens a cell's task result in a dialog, and says when no_log hides it", async () => {
    const api = fakeAutomationApi();
    api.getTaskResult
      .mockResolvedValueOnce({
        ...cell('web-1', 't2', 'ok', true),
        result: { msg: 'nginx.conf written', rc: 0 },
      })
      .mockResolvedValueOnce({
        ...cell('web-2', 't1', 'failed'),
        hidden: true,
      });
    renderAutomationRoute(<GridWithDialog />, { api, role: 'viewer' });

    await userEvent.click(
      await screen.findByRole('button', { name: /^web-1, task 2: changed/ }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'web-1 · task 2',
    });
    expect(
      await within(dialog).findByLabelText('Task result'),
    ).toHaveTextContent('"msg": "nginx.conf written"');
    expect(dialog).toHaveTextContent('changed in 1.2 s');
    expect(api.getTaskResult).toHaveBeenCalledWith('r1', 'web-1', 't2');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );

    await userEvent.click(
      screen.getByRole('button', { name: /^web-2, task 1: failed/ }),
    );
    expect(
      await screen.findByText('The result is hidden: the task says no_log.'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Task result')).toBeNull();
  });

  it('shows the PLAY RECAP one row per host, failures in red', async () => {
    renderAutomationRoute(<RecapTable recap={makeResults().recap!} />);
    const rows = await screen.findAllByTestId('recap-row');
    expect(rows.map(r => r.textContent)).toEqual([
      'web-12100000',
      'web-20010000',
    ]);
    const unreachable = within(rows[1]).getAllByRole('cell')[3];
    expect(unreachable).toHaveTextContent('1');
    expect(getComputedStyle(unreachable).color).toBe(
      rgb(theme.palette.error.main),
    );
  });
});
