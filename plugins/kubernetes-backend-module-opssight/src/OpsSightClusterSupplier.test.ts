import { Cluster } from '@opssight/plugin-clusters-common';
import {
  clusterDetailsOf,
  OpsSightClusterSupplier,
} from './OpsSightClusterSupplier';

const cluster = (fields: Partial<Cluster>) =>
  ({
    id: '6f1c1f4e-0000-4000-8000-000000000001',
    name: 'prod-eu-1',
    environment: 'production',
    apiUrl: 'https://10.0.0.10:6443',
    apiCaData: null,
    apiTokenCredentialId: '6f1c1f4e-0000-4000-8000-0000000000aa',
    ...fields,
  } as Cluster);

describe('clusterDetailsOf', () => {
  it('names the credential, never a token, and marks the auth as server-side', () => {
    expect(clusterDetailsOf(cluster({}))).toEqual({
      name: 'prod-eu-1',
      title: 'prod-eu-1 (production)',
      url: 'https://10.0.0.10:6443',
      caData: undefined,
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        'opssight.io/cluster-id': '6f1c1f4e-0000-4000-8000-000000000001',
        'opssight.io/api-token-credential-id':
          '6f1c1f4e-0000-4000-8000-0000000000aa',
      },
    });
  });

  it('leaves out a cluster without an API URL or without a token credential', () => {
    expect(clusterDetailsOf(cluster({ apiUrl: null }))).toBeUndefined();
    expect(
      clusterDetailsOf(cluster({ apiTokenCredentialId: null })),
    ).toBeUndefined();
  });

  it('gives the CA as base64 of PEM, however the cluster stores it', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
    const base64 = Buffer.from(pem).toString('base64');
    expect(clusterDetailsOf(cluster({ apiCaData: pem }))?.caData).toBe(base64);
    expect(clusterDetailsOf(cluster({ apiCaData: base64 }))?.caData).toBe(
      base64,
    );
  });
});

describe('OpsSightClusterSupplier', () => {
  it('has no clusters while the clusters backend starts, then reads them; later failures are errors', async () => {
    const { createServer } = await import('node:http');
    let status = 503;
    const seen: Array<string | undefined> = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        status === 200
          ? JSON.stringify({ items: [cluster({})], totalCount: 1 })
          : JSON.stringify({ error: { name: 'Error', message: 'down' } }),
      );
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const supplier = new OpsSightClusterSupplier(
      {
        auth: {
          getOwnServiceCredentials: async () => ({}),
          getPluginRequestToken: async () => ({ token: 'service-token' }),
        } as any,
        discovery: {
          getBaseUrl: async () => `http://127.0.0.1:${port}`,
        } as any,
      },
      60_000,
    );
    try {
      await expect(supplier.getClusters()).resolves.toEqual([]);
      status = 200;
      // The empty answer of the start was not kept.
      expect((await supplier.getClusters()).map(c => c.name)).toEqual([
        'prod-eu-1',
      ]);
      expect(seen).toEqual(['Bearer service-token', 'Bearer service-token']);
      status = 503;
      supplier.invalidate();
      await expect(supplier.getClusters()).rejects.toThrow(/503/);
    } finally {
      server.close();
    }
  });
});
