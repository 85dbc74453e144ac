import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { isFinalJobStatus, Job } from '@opssight/plugin-jobs-common';
import { createJobEngine, JobEngine } from '@opssight/plugin-jobs-node';
import {
  findRunProcesses,
  RunDirectories,
} from '@opssight/plugin-runner-node';
import { startSshd, TestSshd } from '@opssight/plugin-testing-node';
import { CredentialCheckout } from '@opssight/plugin-vault-node';
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnsibleHost } from '../ansible/runPlaybook';
import {
  PLAYBOOK_JOB_KIND,
  PlaybookJobParams,
  playbookJobHandler,
} from './playbookJob';

jest.setTimeout(180_000);

const net = `127.92.${1 + Math.floor(Math.random() * 250)}`;
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

let sshd: TestSshd;
let engine: JobEngine;
let directories: RunDirectories;
const files: Record<string, Array<{ path: string; content: string }>> = {
  'demo@1': [
    {
      path: 'site.yml',
      content: `
- hosts: all
  gather_facts: false
  tasks:
    - ping:
    - name: web-2 fails
      fail: { msg: no }
      when: inventory_hostname == 'web-2'
    - name: long
      command: "sleep {{ pause | default(0) }}"
`,
    },
  ],
};
/** The "vault": checkouts are opened by id. */
const opened: Record<string, object> = {};

beforeAll(async () => {
  sshd = await startSshd({ listenAddresses: [`${net}.1`, `${net}.2`] });
  opened.ssh = {
    kind: 'ssh-key',
    username: sshd.username,
    privateKey: sshd.clientPrivateKey,
  };
  directories = RunDirectories.forPlugin(`automation-jobs-test-${process.pid}`);
  const knex = await databases.init('SQLITE_3');
  engine = await createJobEngine({
    pluginId: 'automation',
    database: { getClient: async () => knex, migrations: { skip: false } },
    logger: mockServices.logger.mock(),
    handlers: [
      playbookJobHandler({
        directories,
        vault: { open: (c: CredentialCheckout) => opened[c.id] as any },
        projects: {
          files: async (projectId, version) => files[`${projectId}@${version}`],
        },
      }),
    ],
    pollIntervalMs: 100,
    logFlushMs: 50,
    abortGraceMs: 20_000,
  });
  await engine.start();
});
afterAll(async () => {
  await engine?.stop();
  await sshd?.stop();
});

const host = (n: number): AnsibleHost => ({
  name: `web-${n}`,
  machineId: `m-${n}`,
  address: `${net}.${n}`,
  port: sshd.port,
  user: sshd.username,
  hostPublicKey: sshd.hostPublicKey,
});

async function enqueue(extraVars: PlaybookJobParams['extraVars'] = {}) {
  const params: PlaybookJobParams = {
    source: { kind: 'files', projectId: 'demo', version: 1 },
    playbook: 'site.yml',
    inventory: { hosts: [host(1), host(2)] },
    extraVars,
    options: { forks: 5 },
  };
  return engine.enqueue({
    kind: PLAYBOOK_JOB_KIND,
    title: 'site.yml on 2 hosts',
    params,
    targets: params.inventory.hosts.map(h => ({
      key: h.name,
      label: `${h.name} (${h.address})`,
    })),
    createdBy: 'user:default/operator',
    timeoutMs: 120_000,
    secret: {
      ssh: {
        id: 'ssh',
        kind: 'ssh-key',
        username: sshd.username,
        sealed: {},
      } as any,
    },
  });
}

async function finished(id: string): Promise<Job> {
  for (;;) {
    const job = (await engine.get(id))!;
    if (isFinalJobStatus(job.status)) return job;
    await sleep(100);
  }
}

async function log(id: string) {
  return (await engine.getLogs(id, { after: 0, limit: 1000 }))
    .map(c => c.text)
    .join('');
}

describe('the ansible-playbook job on the job engine', () => {
  it('runs the playbook and ends each host as its target', async () => {
    const job = await finished((await enqueue()).id);
    expect(job.status).toBe('failed'); // web-2 failed
    const targets = await engine.getTargets(job.id);
    expect(targets.map(t => [t.key, t.status, t.errorKind, t.meta])).toEqual([
      [
        'web-1',
        'succeeded',
        null,
        expect.objectContaining({ outcome: 'changed' }),
      ],
      [
        'web-2',
        'failed',
        'exec',
        expect.objectContaining({ outcome: 'failed' }),
      ],
    ]);
    expect(await log(job.id)).toContain('PLAY RECAP');
    expect(await readdir(directories.root)).toEqual([]);
  });

  it('cancel stops ansible-playbook, ends the job cancelled and leaves no run directory', async () => {
    const { id } = await enqueue({ pause: 600 });
    for (;;) {
      if ((await log(id)).includes('TASK [long]')) break;
      await sleep(100);
    }
    // This run's directory, named by its run id (the marker of its processes);
    // other tests' runs, in other workers, carry other ids.
    const [runId] = await readdir(directories.root);
    expect(await findRunProcesses(runId)).not.toEqual([]);
    await engine.cancel(id, {
      actor: 'user:default/operator',
      mayActOnOthers: async () => false,
    });
    const job = await finished(id);
    expect(job.status).toBe('cancelled');
    expect(await readdir(directories.root)).toEqual([]);
    expect(await findRunProcesses(runId)).toEqual([]);
  });
});

