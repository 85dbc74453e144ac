import { coreServices, DatabaseService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Job, JobTarget } from '@opssight/plugin-jobs-common';
import { Machine } from '@opssight/plugin-machines-common';
import {
  auditEvents,
  captureLogs,
  expectErrorAnswer,
  serviceProbe,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import {
  ADA,
  ALICE,
  BOB,
  startClustersBackend,
  VIC,
} from './__testUtils__/clustersBackend';

jest.setTimeout(60_000);

const UNKNOWN_ID = '6f1c1a2e-0000-4000-8000-000000000000';

const as = (user: string) => mockCredentials.user.header(user);
const sha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

/** The clusters plugin's database, for rows as older versions left them. */
let clustersDatabase: DatabaseService | undefined;
const legacyDatabase = () => clustersDatabase!.getClient();

/** Hands the test the clusters plugin's own database. */
const clustersDatabaseProbe = serviceProbe(
  'clusters',
  coreServices.database,
  database => {
    clustersDatabase = database;
  },
);

describe('bulk runs through the API', () => {
  let sshd: TestSshd;
  let opsSight: Awaited<ReturnType<typeof startClustersBackend>>;
  let server: Server;
  let logs: ReturnType<typeof captureLogs>;
  let responses: string[];
  let call: typeof opsSight.call;
  const askRerun = (id: string, user: string, body: object) =>
    call('post', `/api/clusters/runs/${id}/rerun`, user, body);
  let labKey: string;
  let machines: Record<'web1' | 'web2' | 'db' | 'unpinned', Machine>;
  /** A cluster with web-1 as its master and db-1 as its worker. */
  let CLUSTER_ID: string;

  beforeAll(async () => {
    sshd = await startSshd({
      listenAddresses: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
    });
  });

  afterAll(async () => {
    await sshd?.stop();
  });

  afterEach(async () => {
    await opsSight?.backend.stop();
  });

  beforeEach(async () => {
    opsSight = await startClustersBackend({
      features: [clustersDatabaseProbe],
    });
    ({ server, logs, responses, call } = opsSight);

    labKey = await opsSight.credential(ALICE, {
      kind: 'ssh-key',
      name: 'lab',
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    });
    // A machine's default credential must be shared; the runs below pick Alice's own key.
    const shared = await opsSight.credential(ADA, {
      kind: 'ssh-key',
      scope: 'shared',
      name: 'lab shared',
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    });
    const base = { sshPort: sshd.port, defaultCredentialId: shared };
    machines = {
      web1: await opsSight.machine({
        ...base,
        ip: '127.0.0.1',
        hostname: 'web-1',
        groups: ['web'],
      }),
      web2: await opsSight.machine({
        ...base,
        ip: '127.0.0.2',
        hostname: 'web-2',
        groups: ['web'],
      }),
      db: await opsSight.machine({
        ...base,
        ip: '127.0.0.3',
        hostname: 'db-1',
      }),
      // Never tested, so no pinned key: a run cannot trust it yet.
      unpinned: await opsSight.machine({
        ...base,
        ip: '127.0.0.4',
        hostname: 'new-1',
      }),
    };
    await opsSight.pin([machines.web1.id, machines.web2.id, machines.db.id]);
    const cluster = await call('post', '/api/clusters/clusters', ALICE, {
      name: 'lab',
      environment: 'production',
      masters: ['127.0.0.1'],
      workers: ['127.0.0.3'],
    });
    if (cluster.status !== 201) {
      throw new Error(`cluster not created: ${cluster.status} ${cluster.text}`);
    }
    CLUSTER_ID = cluster.body.id;
  });

  async function waitForEnd(
    id: string,
  ): Promise<{ job: Job; targets: JobTarget[] }> {
    for (let i = 0; i < 300; i++) {
      const res = await call('get', `/api/clusters/runs/${id}`, ALICE);
      expect(res.status).toBe(200);
      if (!['queued', 'running'].includes(res.body.job.status)) {
        return res.body;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`run ${id} did not end`);
  }

  function expectNoSecretsShown() {
    const secrets = [
      sshd.clientPrivateKey,
      sshd.clientPrivateKey.split('\n')[2],
    ];
    for (const text of [...responses, ...logs.lines]) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    }
  }

  it('lets an operator run a script on machines, with the script in the audit trail', async () => {
    const script =
      'echo "on $(hostname -I 2>/dev/null | wc -w) addresses"\necho ok-$((40+2))';
    const res = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.web1.id, machines.web2.id] },
      script,
      credentialId: labKey,
      concurrency: 2,
      timeoutSeconds: 20,
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'bulk-script',
      createdBy: ALICE,
      subject: null,
      params: {
        script,
        snippetName: null,
        credentialId: labKey,
        sudo: false,
        concurrency: 2,
        timeoutSeconds: 20,
        clusterId: null,
      },
      progress: { total: 2 },
    });
    expect(res.body.title).toBe(
      'echo "on $(hostname -I 2>/dev/null | wc -w) addresses" on 2 hosts',
    );
    const { job, targets } = await waitForEnd(res.body.id);
    expect(job.status).toBe('succeeded');
    expect(targets.map(t => [t.label, t.status, t.exitCode])).toEqual([
      ['web-1 (127.0.0.1)', 'succeeded', 0],
      ['web-2 (127.0.0.2)', 'succeeded', 0],
    ]);
    expect(targets[0].stdout).toContain('ok-42\n');
    expect(targets[0].meta).toMatchObject({
      ip: '127.0.0.1',
      hostname: 'web-1',
      hostKeyFingerprint: sshd.hostKeyFingerprint,
    });

    const created = auditEvents(logs).filter(
      e => e.eventId === 'bulk-run-create',
    );
    expect(created.map(e => e.status)).toEqual(['initiated', 'succeeded']);
    expect(created[0]).toMatchObject({
      actorId: ALICE,
      meta: {
        script,
        credentialId: labKey,
        sudo: false,
        targets: { machineIds: [machines.web1.id, machines.web2.id] },
        machineIds: [machines.web1.id, machines.web2.id],
      },
    });
    // The vault audited the checkout for Alice, through this plugin.
    expect(
      auditEvents(logs)
        .filter(
          e => e.eventId === 'credential-checkout' && e.status === 'succeeded',
        )
        .map(e => e.meta?.via),
    ).toContain('plugin:clusters');

    const listed = await call('get', '/api/clusters/runs', VIC);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({
      totalCount: 1,
      items: [{ id: job.id }],
    });
    expectNoSecretsShown();
  });

  it("logs in as each machine's SSH user with a credential that has no username, and refuses a machine with neither", async () => {
    const nameless = await call('post', '/api/vault/credentials', ALICE, {
      kind: 'ssh-key',
      name: 'nameless',
      privateKey: sshd.clientPrivateKey,
    });
    expect(nameless.status).toBe(201);
    const body = (machineIds: string[]) => ({
      targets: { machineIds },
      script: 'echo "as-$(id -un)"',
      credentialId: nameless.body.id,
      timeoutSeconds: 20,
    });

    // web-2 has no SSH user, and the credential no username: nobody to log in as.
    const refused = await call(
      'post',
      '/api/clusters/runs',
      ALICE,
      body([machines.web1.id, machines.web2.id]),
    );
    expectErrorAnswer(
      refused,
      400,
      'credentialId: web-1 (127.0.0.1) has no SSH user and the credential has no username, so there is nobody to log in as: set the SSH user on the machine, or a username on the credential',
    );
    const none = await call('get', '/api/clusters/runs', ALICE);
    expect(none.body.totalCount ?? none.body.items.length).toBe(0);

    for (const m of [machines.web1, machines.web2]) {
      const updated = await call(
        'put',
        `/api/machines/machines/${m.id}`,
        ALICE,
        {
          ip: m.ip,
          hostname: m.hostname,
          sshPort: m.sshPort,
          sshUser: sshd.username,
          groups: m.groups,
          defaultCredentialId: m.defaultCredentialId,
        },
      );
      expect(updated.status).toBe(200);
    }
    const res = await call(
      'post',
      '/api/clusters/runs',
      ALICE,
      body([machines.web1.id, machines.web2.id]),
    );
    expect(res.status).toBe(201);
    const { job, targets } = await waitForEnd(res.body.id);
    expect(job.status).toBe('succeeded');
    expect(targets.map(t => t.stdout)).toEqual([
      `as-${sshd.username}\n`,
      `as-${sshd.username}\n`,
    ]);
  });

  it('refuses viewers, and audits the refusal', async () => {
    const body = {
      targets: { machineIds: [machines.web1.id] },
      script: 'id',
      credentialId: labKey,
    };
    const res = await call('post', '/api/clusters/runs', VIC, body);

    expect(res.status).toBe(403);
    expect(
      auditEvents(logs).filter(
        e => e.eventId === 'permission-denied' && e.status === 'failed',
      ),
    ).toEqual([
      expect.objectContaining({
        actorId: VIC,
        meta: { permission: 'opssight.clusters.run.create' },
      }),
    ]);
    const run = await call('post', '/api/clusters/runs', ALICE, body);
    expect(run.status).toBe(201);
    expect(
      (await call('post', `/api/clusters/runs/${run.body.id}/cancel`, VIC))
        .status,
    ).toBe(403);
    expect((await askRerun(run.body.id, VIC, {})).status).toBe(403);
    expect(
      (
        await call('post', '/api/clusters/snippets', VIC, {
          name: 'x',
          script: 'id',
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('get', `/api/clusters/runs/${run.body.id}`, VIC)).status,
    ).toBe(200);
    expect(
      auditEvents(logs).filter(e => e.eventId === 'bulk-run-create'),
    ).toHaveLength(2);
  });

  it('answers bad input with a 400 that names the field', async () => {
    const post = (body: object) =>
      call('post', '/api/clusters/runs', ALICE, body);
    const valid = {
      targets: { machineIds: [machines.web1.id] },
      script: 'id',
      credentialId: labKey,
    };

    const unknown = await post({
      ...valid,
      targets: { machineIds: [machines.web1.id, UNKNOWN_ID] },
    });
    expectErrorAnswer(
      unknown,
      400,
      `targets.machineIds: no registered machine with id '${UNKNOWN_ID}'`,
    );

    const noScript = await post({ ...valid, script: undefined });
    expectErrorAnswer(
      noScript,
      400,
      expect.stringContaining('script: is required'),
    );
    const noDigest = await post({ ...valid, snippetId: UNKNOWN_ID });
    expectErrorAnswer(
      noDigest,
      400,
      expect.stringContaining('scriptSha256: is required with snippetId'),
    );
    const wrongDigest = await post({
      ...valid,
      scriptSha256: sha256('something else'),
    });
    expectErrorAnswer(
      wrongDigest,
      400,
      expect.stringContaining('scriptSha256: is not the SHA-256 of script'),
    );

    const noSnippet = await post({
      ...valid,
      snippetId: UNKNOWN_ID,
      scriptSha256: sha256(valid.script),
    });
    expectErrorAnswer(
      noSnippet,
      400,
      `snippetId: no snippet with id '${UNKNOWN_ID}'`,
    );

    const noCredential = await post({ ...valid, credentialId: UNKNOWN_ID });
    expectErrorAnswer(
      noCredential,
      400,
      expect.stringContaining('credentialId: no credential'),
    );

    const emptyGroup = await post({ ...valid, targets: { group: 'nowhere' } });
    expectErrorAnswer(
      emptyGroup,
      400,
      "targets.group: no machines in group 'nowhere'",
    );

    for (const body of [
      { ...valid, concurrency: 0 },
      { ...valid, timeoutSeconds: 'soon' },
      { ...valid, targets: { machineIds: ['not-an-id'] } },
      { ...valid, targets: { hosts: ['10.0.0.1'] } },
      { ...valid, script: '   ' },
      { ...valid, extra: true },
      'not json at all',
    ]) {
      const res = await post(body as object);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid bulk run: |Malformed/);
    }

    const token = await call('post', '/api/vault/credentials', ALICE, {
      kind: 'api-token',
      name: 'registry',
      username: 'ci',
      token: 'registry-token-123',
    });
    const apiToken = await post({ ...valid, credentialId: token.body.id });
    expectErrorAnswer(apiToken, 400, expect.stringContaining('credentialId:'));
    expect(apiToken.body.error.message).toContain('is an API token');

    const unknownCluster = await post({
      ...valid,
      targets: { clusterId: UNKNOWN_ID },
    });
    expect(unknownCluster.status).toBe(404);

    expect(
      (await call('get', '/api/clusters/runs?limit=0', ALICE)).status,
    ).toBe(400);
    expect(
      (await call('get', `/api/clusters/runs/${UNKNOWN_ID}`, ALICE)).status,
    ).toBe(404);
    expect(responses.join('\n')).not.toContain('registry-token-123');
  });

  it("runs on a cluster's nodes by role, listed under the cluster", async () => {
    const res = await call('post', '/api/clusters/runs', ALICE, {
      targets: { clusterId: CLUSTER_ID, role: 'worker' },
      script: 'echo worker',
      credentialId: labKey,
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: `cluster:${CLUSTER_ID}`,
      params: { clusterId: CLUSTER_ID },
      progress: { total: 1 },
    });
    const { targets } = await waitForEnd(res.body.id);
    expect(targets).toEqual([
      expect.objectContaining({
        key: machines.db.id,
        label: 'db-1 (127.0.0.3)',
        status: 'succeeded',
        stdout: 'worker\n',
        meta: expect.objectContaining({ role: 'worker', ip: '127.0.0.3' }),
      }),
    ]);
    const all = await call('post', '/api/clusters/runs', ALICE, {
      targets: { clusterId: CLUSTER_ID },
      script: 'true',
      credentialId: labKey,
    });
    expect(all.body.progress.total).toBe(2);
    const group = await call('post', '/api/clusters/runs', ALICE, {
      targets: { group: 'web' },
      script: 'true',
      credentialId: labKey,
    });
    expect(group.body.progress.total).toBe(2);

    const listed = await call(
      'get',
      `/api/clusters/runs?clusterId=${CLUSTER_ID}`,
      ALICE,
    );
    expect(listed.body.items.map((j: Job) => j.id).sort()).toEqual(
      [res.body.id, all.body.id].sort(),
    );
    expect(
      (await call('get', '/api/clusters/runs?limit=2', ALICE)).body,
    ).toMatchObject({
      totalCount: 3,
      items: [{}, {}],
    });
  });

  it('streams a run to its end over SSE', async () => {
    const run = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.web1.id] },
      script: 'echo streamed-line; sleep 0.5; echo second-line',
      credentialId: labKey,
    });

    const events = await request(server)
      .get(`/api/clusters/runs/${run.body.id}/events`)
      .set('Authorization', as(VIC))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });

    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toContain('text/event-stream');
    const text = events.body as string;
    expect(text).toContain('event: job');
    expect(text).toContain('streamed-line');
    expect(text).toContain('second-line');
    expect(text.trimEnd().split('\n\n').pop()).toMatch(/^event: end/m);
  });

  it('re-runs only the failed hosts, with their details as they are now', async () => {
    const run = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.web1.id, machines.unpinned.id] },
      script: 'echo fine',
      credentialId: labKey,
    });
    const first = await waitForEnd(run.body.id);
    expect(first.job.status).toBe('failed');
    expect(
      first.targets.find(t => t.key === machines.unpinned.id),
    ).toMatchObject({
      status: 'failed',
      errorKind: 'hostkey-unpinned',
      errorMessage: expect.stringMatching(
        /^host key not pinned — run a connection test first/,
      ),
    });

    // Bob may not check out Alice's personal key, which the run used.
    const refused = await askRerun(run.body.id, BOB, {
      targets: 'failed',
    });
    expectErrorAnswer(refused, 403, expect.stringContaining('credentialId:'));
    // The machine's key is pinned since; Bob re-runs with his own credential.
    await opsSight.pin([machines.unpinned.id]);
    const bobKey = await call('post', '/api/vault/credentials', BOB, {
      kind: 'ssh-key',
      name: 'bob',
      username: sshd.username,
      privateKey: sshd.clientPrivateKey,
    });

    const rerun = await askRerun(run.body.id, BOB, {
      targets: 'failed',
      credentialId: bobKey.body.id,
    });

    expect(rerun.status).toBe(201);
    expect(rerun.body).toMatchObject({
      rerunOf: run.body.id,
      createdBy: BOB,
      params: { script: 'echo fine', credentialId: bobKey.body.id },
      progress: { total: 1 },
    });
    const second = await waitForEnd(rerun.body.id);
    expect(second.job.status).toBe('succeeded');
    expect(second.targets).toEqual([
      expect.objectContaining({
        key: machines.unpinned.id,
        status: 'succeeded',
        stdout: 'fine\n',
      }),
    ]);
    expect(
      auditEvents(logs)
        .filter(e => e.eventId === 'bulk-run-rerun')
        .map(e => [e.status, e.meta?.credentialId]),
    ).toEqual([
      ['initiated', labKey],
      ['failed', labKey],
      ['initiated', bobKey.body.id],
      ['succeeded', bobKey.body.id],
    ]);

    // Nothing failed: nothing to re-run; a live run cannot be re-run.
    const ok = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.web1.id] },
      script: 'sleep 1',
      credentialId: labKey,
    });
    expect((await askRerun(ok.body.id, ALICE, {})).status).toBe(409);
    await waitForEnd(ok.body.id);
    const nothing = await askRerun(ok.body.id, ALICE, {});
    expectErrorAnswer(
      nothing,
      400,
      expect.stringContaining('no failed or cancelled hosts'),
    );
    const all = await askRerun(ok.body.id, ALICE, {
      targets: 'all',
    });
    expect(all.status).toBe(201);
  });

  it('cancels a running run', async () => {
    const run = await call('post', '/api/clusters/runs', ALICE, {
      targets: {
        machineIds: [machines.web1.id, machines.web2.id, machines.db.id],
      },
      script: 'echo started; sleep 30',
      credentialId: labKey,
      concurrency: 1,
    });
    for (let i = 0; i < 100; i++) {
      const res = await call('get', `/api/clusters/runs/${run.body.id}`, ALICE);
      if (res.body.targets.some((t: JobTarget) => t.status === 'running'))
        break;
      await new Promise(r => setTimeout(r, 100));
    }

    const cancelled = await call(
      'post',
      `/api/clusters/runs/${run.body.id}/cancel`,
      ALICE,
    );

    expect(cancelled.status).toBe(200);
    expect(cancelled.body.cancelRequested).toBe(true);
    const { job, targets } = await waitForEnd(run.body.id);
    expect(job.status).toBe('cancelled');
    expect(targets.map(t => t.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(targets.filter(t => t.startedAt === null)).toHaveLength(2);
    expect(
      auditEvents(logs)
        .filter(e => e.eventId === 'bulk-run-cancel')
        .map(e => e.status),
    ).toEqual(['initiated', 'succeeded']);
    // It ended: cancelling again conflicts.
    expect(
      (await call('post', `/api/clusters/runs/${run.body.id}/cancel`, ALICE))
        .status,
    ).toBe(409);
  });

  it('keeps snippets, and runs one by id', async () => {
    const created = await call('post', '/api/clusters/snippets', ALICE, {
      name: 'disk usage',
      description: 'df of /',
      script: 'df -P / | tail -1 | wc -l',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'disk usage',
      createdBy: ALICE,
    });
    expect(
      (
        await call('post', '/api/clusters/snippets', BOB, {
          name: 'disk usage',
          script: 'x',
        })
      ).status,
    ).toBe(409);
    const bad = await call('post', '/api/clusters/snippets', ALICE, {
      name: '',
      script: 'x',
    });
    expectErrorAnswer(bad, 400, expect.stringContaining('name: is required'));

    const run = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.db.id] },
      snippetId: created.body.id,
      script: created.body.script,
      scriptSha256: sha256(created.body.script),
      credentialId: labKey,
    });
    expect(run.status).toBe(201);
    expect(run.body.params).toMatchObject({
      snippetName: 'disk usage',
      script: 'df -P / | tail -1 | wc -l',
    });
    expect(run.body.title).toBe('disk usage on 1 host');
    expect((await waitForEnd(run.body.id)).targets[0].stdout).toBe('1\n');

    const updated = await call(
      'put',
      `/api/clusters/snippets/${created.body.id}`,
      ALICE,
      {
        name: 'root disk',
        script: 'df -h /',
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: 'root disk',
      description: '',
      owner: ALICE,
      createdBy: ALICE,
      canEdit: true,
    });
    expect((await call('get', '/api/clusters/snippets', VIC)).body).toEqual([
      { ...updated.body, canEdit: false },
    ]);
    expect(
      (await call('delete', `/api/clusters/snippets/${created.body.id}`, ALICE))
        .status,
    ).toBe(204);
    expect(
      (await call('delete', `/api/clusters/snippets/${created.body.id}`, ALICE))
        .status,
    ).toBe(404);
    expect(
      auditEvents(logs)
        .filter(
          e => e.eventId.startsWith('snippet-') && e.status === 'succeeded',
        )
        .map(e => e.eventId),
    ).toEqual(['snippet-create', 'snippet-update', 'snippet-delete']);
  });

  it("lets no operator change another's snippet, so the owner's run by id cannot be swapped", async () => {
    const script = 'echo owner-script';
    const saved = await call('post', '/api/clusters/snippets', ALICE, {
      name: 'check',
      script,
    });
    expect(saved.body).toMatchObject({ owner: ALICE, canEdit: true });
    expect(
      (await call('get', '/api/clusters/snippets', BOB)).body,
    ).toMatchObject([{ id: saved.body.id, canEdit: false }]);
    expect(
      (await call('get', '/api/clusters/snippets', ADA)).body,
    ).toMatchObject([{ id: saved.body.id, canEdit: true }]);

    // The attack: Bob rewrites Alice's snippet to exfiltrate with her key.
    const evil = 'echo pwned > /tmp/pwned-by-bob';
    const edit = await call(
      'put',
      `/api/clusters/snippets/${saved.body.id}`,
      BOB,
      { name: 'check', script: evil },
    );
    expectErrorAnswer(
      edit,
      403,
      "Only alice, who saved the snippet 'check', or an Admin may edit it; copy it to make your own",
    );
    const remove = await call(
      'delete',
      `/api/clusters/snippets/${saved.body.id}`,
      BOB,
    );
    expectErrorAnswer(
      remove,
      403,
      expect.stringContaining('or an Admin may delete it'),
    );
    // Nothing changed, and the refusals are in the audit trail.
    expect((await call('get', '/api/clusters/snippets', ALICE)).body).toEqual([
      saved.body,
    ]);
    expect(
      auditEvents(logs)
        .filter(
          e =>
            ['snippet-update', 'snippet-delete'].includes(e.eventId) &&
            e.status === 'failed',
        )
        .map(e => [e.eventId, e.actorId]),
    ).toEqual([
      ['snippet-update', BOB],
      ['snippet-delete', BOB],
    ]);
    // Bob may copy it as his own.
    const copy = await call('post', '/api/clusters/snippets', BOB, {
      name: 'check (copy)',
      script,
    });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ owner: BOB, canEdit: true });

    // Alice opened the snippet; meanwhile an Admin changes it. Her run by id,
    // with the digest of what she saw, is refused instead of running the new text.
    const opened = saved.body.script as string;
    const changed = await call(
      'put',
      `/api/clusters/snippets/${saved.body.id}`,
      ADA,
      { name: 'check', script: evil },
    );
    expect(changed.status).toBe(200);
    const stale = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.db.id] },
      snippetId: saved.body.id,
      script: opened,
      scriptSha256: sha256(opened),
      credentialId: labKey,
    });
    expectErrorAnswer(
      stale,
      409,
      "snippetId: the snippet 'check' changed since you opened it; open it again and check what it runs now",
    );
    expect(
      (await call('get', '/api/clusters/runs', ALICE)).body.totalCount,
    ).toBe(0);

    // A run stores the text the user sent; changing the snippet after the run
    // was queued does not change what it executes.
    const current = await call('post', '/api/clusters/snippets', ALICE, {
      name: 'slow',
      script: 'sleep 1; echo the-seen-text',
    });
    const run = await call('post', '/api/clusters/runs', ALICE, {
      targets: { machineIds: [machines.db.id] },
      snippetId: current.body.id,
      script: current.body.script,
      scriptSha256: sha256(current.body.script),
      credentialId: labKey,
    });
    expect(run.status).toBe(201);
    expect(
      (
        await call('put', `/api/clusters/snippets/${current.body.id}`, ALICE, {
          name: 'slow',
          script: 'echo swapped-after-start',
        })
      ).status,
    ).toBe(200);
    const ended = await waitForEnd(run.body.id);
    expect(ended.job.params).toMatchObject({
      script: 'sleep 1; echo the-seen-text',
    });
    expect(ended.targets[0].stdout).toBe('the-seen-text\n');
  });

  it('leaves snippets saved before owners existed to Admins', async () => {
    const saved = await call('post', '/api/clusters/snippets', ALICE, {
      name: 'legacy',
      script: 'uptime',
    });
    // As the migration leaves a snippet saved before it.
    const knex = await legacyDatabase();
    await knex('cluster_snippets')
      .where({ id: saved.body.id })
      .update({ owner: null });

    const refused = await call(
      'put',
      `/api/clusters/snippets/${saved.body.id}`,
      ALICE,
      { name: 'legacy', script: 'w' },
    );
    expectErrorAnswer(
      refused,
      403,
      "The snippet 'legacy' was saved before snippets had owners: only an Admin may edit it; copy it to make your own",
    );
    expect(
      (await call('get', '/api/clusters/snippets', ALICE)).body,
    ).toMatchObject([{ owner: null, canEdit: false }]);
    expect(
      (await call('delete', `/api/clusters/snippets/${saved.body.id}`, ADA))
        .status,
    ).toBe(204);
  });

  it("lets only the run's owner or an Admin cancel it", async () => {
    const start = () =>
      call('post', '/api/clusters/runs', ALICE, {
        targets: { machineIds: [machines.web1.id] },
        script: 'sleep 30',
        credentialId: labKey,
      });
    const run = await start();
    const byBob = await call(
      'post',
      `/api/clusters/runs/${run.body.id}/cancel`,
      BOB,
    );
    expectErrorAnswer(
      byBob,
      403,
      'Only alice, who started it, or an Admin may cancel it',
    );
    const still = await call('get', `/api/clusters/runs/${run.body.id}`, ALICE);
    expect(still.body.job.cancelRequested).toBe(false);
    expect(['queued', 'running']).toContain(still.body.job.status);
    expect(
      auditEvents(logs)
        .filter(e => e.eventId === 'bulk-run-cancel')
        .map(e => [e.actorId, e.status]),
    ).toEqual([
      [BOB, 'initiated'],
      [BOB, 'failed'],
    ]);

    const byAda = await call(
      'post',
      `/api/clusters/runs/${run.body.id}/cancel`,
      ADA,
    );
    expect(byAda.status).toBe(200);
    expect((await waitForEnd(run.body.id)).job.status).toBe('cancelled');
  });
});
