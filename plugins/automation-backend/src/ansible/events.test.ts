import { AnsibleEvent, eventLineReader, PlaybookResults } from './events';

describe('eventLineReader', () => {
  it('reassembles events split across chunks (UTF-8 too) and reports lines that are not events', () => {
    const events: AnsibleEvent[] = [];
    const invalid: string[] = [];
    const read = eventLineReader(
      e => events.push(e),
      l => invalid.push(l),
    );
    const bytes = Buffer.from(
      '{"type":"play","id":"p1","name":"déploiement 🚀","at":1}\n' +
        'not json\n{"type":"other"}\n' +
        '{"type":"recap","hosts":{},"at":2}\n{"type":"task"',
    );
    for (let i = 0; i < bytes.length; i += 7) read(bytes.subarray(i, i + 7));
    expect(events).toEqual([
      { type: 'play', id: 'p1', name: 'déploiement 🚀', at: 1 },
      { type: 'recap', hosts: {}, at: 2 },
    ]);
    expect(invalid).toEqual(['not json', '{"type":"other"}']);
  });
});

describe('PlaybookResults', () => {
  const task = (id: string, name: string): AnsibleEvent => ({
    type: 'task',
    id,
    name,
    action: 'command',
    path: 'site.yml:3',
    handler: false,
    at: 0,
  });
  const result = (
    host: string,
    taskId: string,
    status: 'ok' | 'failed' | 'unreachable',
    changed = false,
  ): AnsibleEvent => ({
    type: 'result',
    host,
    task: taskId,
    status,
    changed,
    durationMs: 5,
    result: { msg: status },
    at: 0,
  });

  it('keeps tasks in order under their play, and each host an outcome, before and after the recap', () => {
    const results = new PlaybookResults();
    for (const e of [
      { type: 'play', id: 'p', name: 'all', at: 0 } as AnsibleEvent,
      task('t1', 'first'),
      result('a', 't1', 'ok'),
      result('b', 't1', 'ok'),
      result('c', 't1', 'unreachable'),
      task('t2', 'second'),
      task('t2', 'second'), // a task announced twice (serial batches) is listed once
      result('a', 't2', 'ok', true),
      result('b', 't2', 'failed'),
    ]) {
      results.apply(e);
    }
    expect(results.tasks.map(t => [t.id, t.play])).toEqual([
      ['t1', 'p'],
      ['t2', 'p'],
    ]);
    expect(['a', 'b', 'c', 'd'].map(h => results.outcome(h))).toEqual([
      'changed',
      'failed',
      'unreachable',
      undefined,
    ]);
    results.apply({
      type: 'recap',
      at: 0,
      hosts: {
        a: {
          ok: 2,
          changed: 0,
          unreachable: 0,
          failures: 0,
          skipped: 0,
          rescued: 0,
          ignored: 0,
        },
      },
    });
    expect(results.outcome('a')).toBe('ok'); // the recap has the last word
    expect(results.cells.get('b')?.get('t2')).toEqual({
      status: 'failed',
      changed: false,
      durationMs: 5,
      result: { msg: 'failed' },
    });
  });
});
