import type {
  Credential,
  CredentialListItem,
  CredentialName,
} from '@opssight/plugin-vault-common';
import { maker } from '@opssight/plugin-api-react/testing';
import { vaultApiRef, type VaultApi } from '../api/VaultApi';

/**
 * A credential as the vault lists it for its owner: a password by default.
 *
 * @public
 */
export const makeCredential = maker<Credential>({
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
  allowedDestinations: [],
  lastUsedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/**
 * An SSH key credential (ed25519), as the vault lists it for its owner.
 *
 * @public
 */
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

/** A shared credential as a user who may not use it sees it: by name only. */
export const makeCredentialName = maker<CredentialName>({
  id: '00000000-0000-4000-8000-000000000003',
  name: 'prod root',
  kind: 'password',
  scope: 'shared',
});

const unused = async (): Promise<never> => {
  throw new Error('this fake vault only lists credentials');
};

/**
 * A vault API pair for the test apps of plugins that pick credentials: it lists
 * `credentials`, as the vault would for the user, and does nothing else.
 *
 * @public
 */
export function fakeVaultApi(
  credentials: CredentialListItem[] = [makeSshKey()],
) {
  const api: VaultApi = {
    listCredentials: async () => credentials,
    getCredential: unused,
    createCredential: unused,
    updateCredential: unused,
    deleteCredential: unused,
  };
  return [vaultApiRef, api] as const;
}
