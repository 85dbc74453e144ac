import type { VaultApi } from '../api';
import { makeCredential } from './fakeVaultApi';

/** A VaultApi whose every method is a jest mock, with harmless defaults. */
export function mockVaultApi(
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
