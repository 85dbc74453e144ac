/**
 * Fakes of the vault for the tests of plugins that pick credentials.
 *
 * @packageDocumentation
 */
export {
  fakeVaultApi,
  makeCredential,
  makeCredentialName,
  makeSshKey,
} from './fakeVaultApi';
export { mockVaultApi } from './mockVaultApi';
