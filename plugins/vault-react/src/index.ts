/**
 * The vault for other frontend plugins: its API ref and client, the select of
 * credentials to log in to machines with, and the hook that lists them.
 * Test fakes are under `@opssight/plugin-vault-react/testing`.
 *
 * @packageDocumentation
 */
export { vaultApiRef, VaultClient } from './api';
export type { ListCredentialsQuery, VaultApi } from './api';
export {
  CredentialSelect,
  credentialsProblem,
} from './components/CredentialSelect';
export {
  credentialLabel,
  useLoginCredentials,
} from './hooks/useLoginCredentials';
export type { LoginCredentials } from './hooks/useLoginCredentials';
