import { fakeApi } from '@opssight/plugin-api-react/testing';
import type { VaultApi } from '../api';
import { makeCredential } from './fakeVaultApi';

/** A VaultApi whose every method is a jest mock, with harmless defaults. */
export const mockVaultApi = fakeApi<VaultApi>(() => ({
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
}));
