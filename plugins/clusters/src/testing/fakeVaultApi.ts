import { vaultApiRef, type VaultApi } from '@opssight/plugin-vault';
import type { Credential } from '@opssight/plugin-vault-common';

export const CREDENTIAL_ID = '00000000-0000-4000-8000-00000000000a';

export function makeCredential(
  overrides: Partial<Credential> = {},
): Credential {
  return {
    id: CREDENTIAL_ID,
    name: 'deploy key',
    kind: 'ssh-key',
    scope: 'personal',
    owner: 'user:default/guest',
    username: 'deploy',
    keyType: 'ssh-ed25519',
    fingerprint: 'SHA256:ZmFrZWZpbmdlcnByaW50',
    publicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakePublicKey',
    description: '',
    lastUsedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  } as Credential;
}

const unused = async () => {
  throw new Error('the clusters plugin only lists credentials');
};

/** A vault API pair for test apps that lists `credentials`. */
export function fakeVaultApi(credentials: Credential[] = [makeCredential()]) {
  const api: VaultApi = {
    listCredentials: jest.fn(async () => credentials),
    getCredential: unused,
    createCredential: unused,
    updateCredential: unused,
    deleteCredential: unused,
  };
  return [vaultApiRef, api] as const;
}
