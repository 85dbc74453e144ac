import { Cluster } from '@opssight/plugin-clusters-common';
import { clusterDetailsOf } from './OpsSightClusterSupplier';

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
