import { storeTest } from '@opssight/plugin-testing-node';
import { randomUUID } from 'node:crypto';
import { AnsibleEvent } from '../ansible/events';
import { DatabaseRunStore } from './DatabaseRunStore';
import { NewRun } from './RunStore';

const hostKey =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHrz1ZrUxd1FQtN4RVk6e4Hq9gX3VlHdIw0Qc2kqsR7x';

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    id: randomUUID(),
    templateId: 'tpl-1',
    templateName: 'patch',
    projectId: 'proj-1',
    projectName: 'ops',
    source: {
      kind: 'git',
      url: 'https://git.example/ops.git',
      ref: 'main',
      commit: null,
    },
    playbook: 'site.yml',
    inventoryId: 'inv-1',
    inventoryName: 'web',
    inventory: {
      hosts: [
        {
          name: 'web-1',
          machineId: 'm-1',
          address: '10.0.0.1',
          port: 22,
          hostPublicKey: hostKey,
        },
        {
          name: 'web-2',
          machineId: 'm-2',
          address: '10.0.0.2',
          port: 22,
          hostPublicKey: hostKey,
        },
      ],
    },
    inventorySha256: 'a'.repeat(64),
    trigger: 'manual',
    machineIds: ['m-1', 'm-2'],
    sealedAnswers: null,
    createdBy: 'user:default/alice',
    ...overrides,
  };
}

const EVENTS: AnsibleEvent[] = [
  { type: 'play', id: 'p1', name: 'all', at: 1 },
  {
    type: 'task',
    id: 't1',
    name: 'ping',
    action: 'ping',
    path: 'site.yml:4',
    handler: false,
    at: 2,
  },
  {
    type: 'result',
    host: 'web-1',
    task: 't1',
    status: 'ok',
    changed: true,
    durationMs: 12.6,
    result: { msg: 'pong' },
    at: 3,
  },
  {
    type: 'result',
    host: 'web-2',
    task: 't1',
    status: 'ok',
    changed: false,
    durationMs: null,
    hidden: true,
    at: 4,
  },
  {
    type: 'recap',
    hosts: {
      'web-1': {
        ok: 1,
        changed: 1,
        unreachable: 0,
        failures: 0,
        skipped: 0,
        rescued: 0,
        ignored: 0,
      },
    },
    at: 5,
  },
];

storeTest('DatabaseRunStore', DatabaseRunStore.create, t => {
  it('keeps a run with its snapshot, machines and source, and follows its status and commit', async () => {
    const run = newRun();
    const created = await t.store.create(run);
    expect(created).toMatchObject({ ...run, status: 'queued' });
    await t.store.setStatus(run.id, 'running');
    await t.store.setCommit(run.id, 'c'.repeat(40));
    expect(await t.store.get(run.id)).toMatchObject({
      status: 'running',
      source: { kind: 'git', commit: 'c'.repeat(40) },
      inventory: run.inventory,
    });
    expect(await t.store.live()).toEqual([{ id: run.id, status: 'running' }]);
    await t.store.setStatus(run.id, 'succeeded');
    expect(await t.store.live()).toEqual([]);
    await expect(t.store.get('nope')).rejects.toThrow("No run with id 'nope'");
  });

  it('lists runs by template, machine and status, a page at a time, and counts them', async () => {
    const a = await t.store.create(newRun());
    const b = await t.store.create(
      newRun({
        templateId: 'tpl-2',
        machineIds: ['m-3'],
        source: { kind: 'files', version: 4 },
      }),
    );
    await t.store.setStatus(a.id, 'failed');
    const all = await t.store.list({ limit: 10, offset: 0 });
    expect(all.totalCount).toBe(2);
    expect(new Set(all.rows.map(r => r.id))).toEqual(new Set([a.id, b.id]));
    expect(
      (await t.store.list({ machineId: 'm-3', limit: 10, offset: 0 })).rows.map(
        r => r.id,
      ),
    ).toEqual([b.id]);
    expect(
      (
        await t.store.list({ templateId: 'tpl-1', limit: 10, offset: 0 })
      ).rows.map(r => r.id),
    ).toEqual([a.id]);
    expect(
      (await t.store.list({ status: 'failed', limit: 10, offset: 0 })).rows.map(
        r => r.id,
      ),
    ).toEqual([a.id]);
    expect((await t.store.list({ limit: 1, offset: 1 })).rows).toHaveLength(1);
    expect(await t.store.counts()).toEqual({ failed: 1, queued: 1 });
    expect((await t.store.get(b.id)).source).toEqual({
      kind: 'files',
      version: 4,
    });
  });

  it('keeps events in order, a no_log result without its value', async () => {
    const run = await t.store.create(newRun());
    await t.store.appendEvents(run.id, 1, EVENTS.slice(0, 3));
    await t.store.appendEvents(run.id, 4, EVENTS.slice(3));
    const events = await t.store.events(run.id);
    expect(events).toEqual([
      EVENTS[0],
      EVENTS[1],
      { ...EVENTS[2], durationMs: 13 },
      {
        type: 'result',
        host: 'web-2',
        task: 't1',
        status: 'ok',
        changed: false,
        durationMs: null,
        hidden: true,
        at: 4,
      },
      EVENTS[4],
    ]);
  });
});
