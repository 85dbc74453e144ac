/**
 * The JSON events that ansible/callback_plugins/opssight_events.py writes, one
 * per line, and what a run makes of them: the host × task grid and the recap.
 */

/** How one host ended one task. `ignored`: failed with ignore_errors. */
export type HostTaskStatus =
  | 'ok'
  | 'failed'
  | 'ignored'
  | 'unreachable'
  | 'skipped';

export type AnsibleEvent =
  | { type: 'play'; id: string; name: string; at: number }
  | {
      type: 'task';
      id: string;
      name: string;
      action: string;
      /** `file:line` of the task in the project. */
      path: string | null;
      handler: boolean;
      at: number;
    }
  | {
      type: 'result';
      host: string;
      task: string;
      status: HostTaskStatus;
      changed: boolean;
      durationMs: number | null;
      /** A capped excerpt (msg, rc, stdout, stderr, …); absent for no_log tasks. */
      result?: Record<string, unknown>;
      hidden?: boolean;
      hostKeyChanged?: boolean;
      at: number;
    }
  | { type: 'recap'; hosts: Record<string, HostRecap>; at: number };

/** A host's line of Ansible's PLAY RECAP. */
export type HostRecap = {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
};

const TYPES = new Set(['play', 'task', 'result', 'recap']);
/** A longer line is not one of our events (each field is capped at 4,000 characters). */
const MAX_LINE = 1 << 20;

/**
 * Splits the event pipe's bytes into events. Lines that are not events (cut
 * off by a killed process, too long) are passed to `onInvalid`, not thrown.
 */
export function eventLineReader(
  onEvent: (event: AnsibleEvent) => void,
  onInvalid: (line: string) => void = () => {},
): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return chunk => {
    pending = Buffer.concat([pending, chunk]);
    for (
      let newline = pending.indexOf(0x0a);
      newline >= 0;
      newline = pending.indexOf(0x0a)
    ) {
      const line = pending.subarray(0, newline).toString('utf8');
      pending = pending.subarray(newline + 1);
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        onInvalid(line);
        continue;
      }
      if (
        typeof event === 'object' &&
        event !== null &&
        TYPES.has((event as { type?: string }).type ?? '')
      ) {
        onEvent(event as AnsibleEvent);
      } else {
        onInvalid(line);
      }
    }
    if (pending.length > MAX_LINE) {
      onInvalid(pending.subarray(0, 200).toString('utf8'));
      pending = Buffer.alloc(0);
    }
  };
}

export type TaskCell = {
  status: HostTaskStatus;
  changed: boolean;
  durationMs: number | null;
  result?: Record<string, unknown>;
  hidden?: boolean;
};

/** How a host came out of the whole run. */
export type HostOutcome = 'ok' | 'changed' | 'failed' | 'unreachable';

/**
 * Everything a run's events say, as the run page shows it: tasks in the order
 * they started, each host's cell per task, and the recap.
 */
export class PlaybookResults {
  readonly plays: Array<{ id: string; name: string }> = [];
  readonly tasks: Array<{
    id: string;
    play: string | null;
    name: string;
    action: string;
    path: string | null;
    handler: boolean;
  }> = [];
  /** host → task id → cell. */
  readonly cells = new Map<string, Map<string, TaskCell>>();
  readonly hostKeyChanged = new Set<string>();
  recap: Record<string, HostRecap> | undefined;

  apply(event: AnsibleEvent): void {
    switch (event.type) {
      case 'play':
        this.plays.push({ id: event.id, name: event.name });
        break;
      case 'task':
        if (!this.tasks.some(t => t.id === event.id)) {
          this.tasks.push({
            id: event.id,
            play: this.plays[this.plays.length - 1]?.id ?? null,
            name: event.name,
            action: event.action,
            path: event.path,
            handler: event.handler,
          });
        }
        break;
      case 'result': {
        const row = this.cells.get(event.host) ?? new Map<string, TaskCell>();
        this.cells.set(event.host, row);
        row.set(event.task, {
          status: event.status,
          changed: event.changed,
          durationMs: event.durationMs,
          ...(event.hidden ? { hidden: true } : { result: event.result }),
        });
        if (event.hostKeyChanged) this.hostKeyChanged.add(event.host);
        break;
      }
      case 'recap':
        this.recap = event.hosts;
        break;
      default:
    }
  }

  /** A host's outcome from the recap (or, before it, from its cells). */
  outcome(host: string): HostOutcome | undefined {
    const recap = this.recap?.[host];
    if (recap) {
      if (recap.unreachable > 0) return 'unreachable';
      if (recap.failures > 0) return 'failed';
      return recap.changed > 0 ? 'changed' : 'ok';
    }
    const cells = [...(this.cells.get(host)?.values() ?? [])];
    if (cells.length === 0) return undefined;
    if (cells.some(c => c.status === 'unreachable')) return 'unreachable';
    if (cells.some(c => c.status === 'failed')) return 'failed';
    return cells.some(c => c.changed) ? 'changed' : 'ok';
  }
}
