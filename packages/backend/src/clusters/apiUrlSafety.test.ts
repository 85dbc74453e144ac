import {
  auditEvents,
  startFakeKubeApi,
  startSshd,
  TestSshd,
} from '@opssight/plugin-testing-node';
import { JsonObject } from '@backstage/types';
import { ADA, ALICE, startKubeLab } from './__testUtils__/clustersBackend';

jest.setTimeout(90_000);

const TOKEN = 'shared-kube-token-0123456789abcdef';

/**
 * Where a cluster's API token may go: only to the API URLs an admin bound the
 * shared credential to, only to addresses the outbound policy allows, and what
 * comes back is never shown to viewers as is.
 */
describe('cluster API URL and token safety', () => {
  let sshd: TestSshd;
  let kube: Awaited<ReturnType<typeof startFakeKubeApi>>;
  /** An address an operator would like the shared token sent to. */
  let attacker: Awaited<ReturnType<typeof startFakeKubeApi>>;

  beforeAll(async () => {
    sshd = await startSshd({ listenAddresses: ['127.0.0.1'] });
    kube = await startFakeKubeApi({ token: TOKEN });
    attacker = await startFakeKubeApi({ token: 'anything' });
  });

  afterAll(async () => {
    await sshd?.stop();
    await kube?.stop();
    await attacker?.stop();
  });

  const lab = (config?: JsonObject) =>
    startKubeLab({ sshd, kube, token: TOKEN, config });

  function tokensSeen(api: typeof attacker) {
    return api.state.requests.filter(r => r.authorization?.includes(TOKEN));
  }

  it('never sends a shared token to an API URL its credential is not bound to', async () => {
    const { t, scheduler, tokenId, createCluster, createLab, checkHealth } =
      await lab();
    const created = await createLab();
    expect([created.status, created.body.error?.message]).toEqual([
      201,
      undefined,
    ]);
    const id = created.body.id;
    const path = `/api/clusters/clusters/${id}`;
    attacker.state.requests = [];

    // The operator points the cluster elsewhere: refused, nothing stored.
    const moved = await t.call('patch', path, ALICE, {
      apiUrl: attacker.url,
      apiCaData: attacker.caData,
    });
    expect([moved.status, moved.body.error?.message]).toEqual([
      403,
      `apiTokenCredentialId: Credential 'lab-reader' may not be sent there: ${attacker.url}/ is not one of its allowed destinations (${kube.url}/). An admin can add the destination to the credential on the Credentials page`,
    ]);
    expect((await t.call('get', path, ALICE)).body.apiUrl).toBe(kube.url);

    // Nor by naming the token for a cluster that already points elsewhere.
    const other = await createCluster('other', {
      apiUrl: attacker.url,
      apiCaData: attacker.caData,
    });
    expect(other.status).toBe(201);
    const pointed = await t.call(
      'patch',
      `/api/clusters/clusters/${other.body.id}`,
      ALICE,
      { apiTokenCredentialId: tokenId },
    );
    expect(pointed.status).toBe(403);
    expect(pointed.body.error.message).toMatch(
      /^apiTokenCredentialId: Credential 'lab-reader' may not be sent there/,
    );
    const createdElsewhere = await createCluster('third', {
      apiUrl: kube.url.replace('127.0.0.1', '127.0.0.2'),
      apiTokenCredentialId: tokenId,
    });
    expect(createdElsewhere.status).toBe(403);

    // A health check runs; then an admin narrows the binding, and the
    // scheduled check that follows sends the token nowhere.
    const before = await checkHealth(id);
    expect(before.body.health.api).toMatchObject({ ready: true });
    const rebound = await t.call(
      'put',
      `/api/vault/credentials/${tokenId}`,
      ADA,
      { allowedDestinations: ['k8s.example.com'] },
    );
    expect(rebound.status).toBe(200);
    const seen = tokensSeen(kube).length;
    await scheduler.triggerTask('clusters-health-checks');
    const after = (await t.call('get', path, ALICE)).body;
    expect(after.health.api).toMatchObject({ ready: false });
    expect(after.health.api.message).toMatch(
      /^Could not check the API token out of the vault: Credential 'lab-reader' may not be sent there: https:\/\/127\.0\.0\.1:\d+\/ is not one of its allowed destinations \(k8s\.example\.com\)/,
    );
    expect(after.health.api.message).not.toContain(tokenId);
    expect(tokensSeen(kube)).toHaveLength(seen);

    expect(tokensSeen(attacker)).toEqual([]);
    expect(attacker.state.requests).toEqual([]);
    expect(
      auditEvents(t.logs).filter(
        e =>
          e.eventId === 'credential-checkout' &&
          e.status === 'failed' &&
          e.meta?.name === 'lab-reader',
      ).length,
    ).toBeGreaterThan(0);
    for (const text of [...t.responses, ...t.logs.lines]) {
      expect(text).not.toContain(TOKEN);
    }
  });

  it.each([
    [
      'http://169.254.169.254/',
      /^apiUrl: 169\.254\.169\.254 is a link-local address/,
    ],
    [
      'http://[fd00:ec2::254]/',
      /^apiUrl: fd00:ec2::254 is a cloud metadata address/,
    ],
    [
      'http://metadata.google.internal/',
      /^apiUrl: metadata\.google\.internal is a cloud metadata service/,
    ],
    ['https://0.0.0.0:6443', /^apiUrl: 0\.0\.0\.0 is an unspecified address/],
    ['https://[::]:6443', /^apiUrl: :: is an unspecified address/],
    [
      'http://2130706433/',
      /^apiUrl: write the IP address in dotted decimal \(127\.0\.0\.1\), not '2130706433'$/,
    ],
    [
      'http://0x7f.0.0.1:6443/',
      /^apiUrl: write the IP address in dotted decimal \(127\.0\.0\.1\)/,
    ],
    ['http://017700000001/', /^apiUrl: write the IP address in dotted decimal/],
    [
      'https://admin:pw@10.0.0.10:6443',
      /^apiUrl: must not contain a user name or password/,
    ],
    [
      'https://192.168.1.10:6443',
      /^apiUrl: 192\.168\.1\.10 is a private address; only networks an admin lists in clusters\.apiUrl\.allowedNetworks may be used$/,
    ],
  ])(
    'refuses the API URL %s on create and on change',
    async (apiUrl, message) => {
      const { t, createCluster } = await lab();
      const created = await createCluster('ssrf', { apiUrl });
      expect(created.status).toBe(400);
      expect(created.body.error.message).toMatch(message);
      const ok = await createCluster('ok');
      const patched = await t.call(
        'patch',
        `/api/clusters/clusters/${ok.body.id}`,
        ALICE,
        { apiUrl },
      );
      expect(patched.status).toBe(400);
      expect(patched.body.error.message).toMatch(message);
      expect(
        (await t.call('get', `/api/clusters/clusters/${ok.body.id}`, ALICE))
          .body.apiUrl,
      ).toBeNull();
    },
  );

  it('allows loopback API URLs only where the allowlist says so, after resolving the name', async () => {
    const { createCluster } = await lab({
      clusters: { apiUrl: { allowedNetworks: ['10.0.0.0/8'] } },
    });
    for (const apiUrl of [
      kube.url,
      kube.url.replace('127.0.0.1', 'localhost'),
    ]) {
      const res = await createCluster('loop', { apiUrl });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^apiUrl: (localhost resolves to )?(127\.0\.0\.1|::1) is a loopback address; only networks an admin lists in clusters\.apiUrl\.allowedNetworks may be used$/,
      );
    }
  });

  it('shows the HTTP status and a reason of its own, never what the server answered', async () => {
    const { createLab, checkHealth } = await lab();
    const created = await createLab();
    expect(created.status).toBe(201);
    const upstream = 'ok-ish <script>alert(1)</script> internal-secret-42';
    try {
      for (const [readyz, expected] of [
        [upstream, '/readyz answered HTTP 500: the API server is not ready'],
      ] as const) {
        kube.state.readyz = readyz;
        const res = await checkHealth(created.body.id);
        expect(res.body.health.api.message).toBe(expected);
        expect(res.text).not.toContain('internal-secret-42');
      }
    } finally {
      kube.state.readyz = 'ok';
    }
    kube.state.token = 'rotated';
    try {
      const res = await checkHealth(created.body.id);
      expect(res.body.health.api.message).toBe(
        '/readyz answered 401: the API token was not accepted',
      );
      expect(res.text).not.toContain('Unauthorized');
    } finally {
      kube.state.token = TOKEN;
    }
  });
});
