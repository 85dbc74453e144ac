import { NotFoundError } from '@backstage/errors';
import {
  RunCell,
  RunCellStatus,
  RunResults,
} from '@opssight/plugin-automation-common';
import { AnsibleEvent, PlaybookResults, TaskCell } from '../ansible/events';

function cellStatus(cell: TaskCell): RunCellStatus {
  return cell.status === 'ok' && cell.changed ? 'changed' : cell.status;
}

/**
 * The run page's grid from a run's stored events: tasks in the order they
 * started, one cell per host and task, the recap. `hosts` gives the rows'
 * order (the run's targets); hosts only the events name come after.
 */
export function runResults(
  events: AnsibleEvent[],
  hosts: string[],
): RunResults {
  const results = new PlaybookResults();
  for (const event of events) results.apply(event);
  const rows = [...hosts];
  for (const host of results.cells.keys()) {
    if (!rows.includes(host)) rows.push(host);
  }
  return {
    plays: results.plays,
    tasks: results.tasks,
    hosts: rows,
    cells: rows.flatMap(host =>
      [...(results.cells.get(host)?.entries() ?? [])].map(([task, cell]) => ({
        host,
        task,
        status: cellStatus(cell),
        changed: cell.changed,
        durationMs: cell.durationMs,
        hidden: Boolean(cell.hidden),
      })),
    ),
    recap: results.recap ?? null,
    hostKeyChanged: [...results.hostKeyChanged],
  };
}

/** One cell with its capped result; a no_log cell has none (it was never stored). */
export function runCell(
  events: AnsibleEvent[],
  host: string,
  taskId: string,
): RunCell {
  const results = new PlaybookResults();
  for (const event of events) results.apply(event);
  const cell = results.cells.get(host)?.get(taskId);
  if (!cell) {
    throw new NotFoundError(
      `No result of task '${taskId}' on host '${host}' in this run`,
    );
  }
  return {
    host,
    task: taskId,
    status: cellStatus(cell),
    changed: cell.changed,
    durationMs: cell.durationMs,
    hidden: Boolean(cell.hidden),
    ...(cell.hidden ? {} : { result: cell.result ?? {} }),
  };
}
