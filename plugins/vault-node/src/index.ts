/**
 * The credential vault's encryption, and how backend plugins obtain a
 * decrypted credential for a user. The only place in OpsSight that encrypts.
 *
 * @packageDocumentation
 */
export { VaultCipher } from './VaultCipher';
export type { SealedSecret, VaultKey } from './VaultCipher';
export { readVaultKeys } from './vaultKeys';
export {
  openSecretFields,
  sealSecretFields,
  sshLoginOf,
} from './credentialSecret';
export type { CredentialSecret, SecretFields } from './credentialSecret';
export {
  checkoutRefusal,
  DefaultVaultService,
  VaultRequestError,
  vaultServiceRef,
} from './VaultService';
export type {
  CredentialCheckout,
  SecretDestination,
  VaultService,
} from './VaultService';
export { destinationRefusal, readDestinationRules } from './destinations';
export type { DestinationRules } from './destinations';
export { vaultCredentialNames } from './credentialNames';
export type { CredentialNames } from './credentialNames';
export { seededCredentialId } from './seededCredentialId';
export { usableCredential } from './usableCredential';
