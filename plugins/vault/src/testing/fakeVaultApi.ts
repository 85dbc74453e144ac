import type { Credential, CredentialName } from '@opssight/plugin-vault-common';
import type { VaultApi } from '../api';

export function makeCredential(
  overrides: Partial<Credential> = {},
): Credential {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'deploy password',
    kind: 'password',
    scope: 'personal',
    owner: 'user:default/guest',
    username: 'deploy',
    keyType: null,
    fingerprint: null,
    publicKey: null,
    description: '',
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeSshKey(overrides: Partial<Credential> = {}): Credential {
  return makeCredential({
    id: '00000000-0000-4000-8000-000000000002',
    name: 'deploy key',
    kind: 'ssh-key',
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:ZmFrZWZpbmdlcnByaW50',
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakePublicKey',
    ...overrides,
  });
}

export function makeCredentialName(
  overrides: Partial<CredentialName> = {},
): CredentialName {
  return {
    id: '00000000-0000-4000-8000-000000000003',
    name: 'prod root',
    kind: 'password',
    scope: 'shared',
    ...overrides,
  };
}

/** A VaultApi whose every method is a jest mock, with harmless defaults. */
export function fakeVaultApi(
  overrides: Partial<VaultApi> = {},
): jest.Mocked<VaultApi> {
  const impl: VaultApi = {
    listCredentials: async () => [],
    getCredential: async id => makeCredential({ id }),
    createCredential: async input =>
      makeCredential({
        name: input.name,
        kind: input.kind,
        scope: input.scope ?? 'personal',
        username: input.username ?? '',
      }),
    updateCredential: async (id, changes) =>
      makeCredential({ id, ...(changes.name && { name: changes.name }) }),
    deleteCredential: async () => undefined,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(impl).map(([name, method]) => [name, jest.fn(method)]),
  ) as unknown as jest.Mocked<VaultApi>;
}
