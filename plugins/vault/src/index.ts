/**
 * Vault: the "Credentials" page (write-only secrets: SSH keys, passwords, API
 * tokens) and the vault's API client.
 *
 * @packageDocumentation
 */
export { vaultPlugin as default } from './plugin';
export { vaultApiRef, VaultClient } from './api';
export type { ListCredentialsQuery, VaultApi } from './api';

// For the tests of plugins that pick credentials.
export {
  fakeVaultApi,
  makeCredential,
  makeSshKey,
} from './testing/fakeVaultApi';
