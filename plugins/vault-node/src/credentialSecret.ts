import { CredentialKind, SECRET_FIELDS } from '@opssight/plugin-vault-common';
import { SealedSecret, VaultCipher } from './VaultCipher';

/**
 * The secret parts of a credential: what is encrypted, and what only the
 * backend plugin using a credential ever sees.
 *
 * @public
 */
export type SecretFields = {
  privateKey?: string;
  passphrase?: string;
  password?: string;
  token?: string;
};

/**
 * A decrypted credential, as {@link VaultService.getSecret} returns it.
 *
 * @public
 */
export type CredentialSecret = SecretFields & {
  kind: CredentialKind;
  username: string;
};

const FIELDS = [...new Set(Object.values(SECRET_FIELDS).flat())];

/**
 * Encrypts a credential's secret fields, bound to the credential's id.
 *
 * @public
 */
export function sealSecretFields(
  cipher: VaultCipher,
  credentialId: string,
  fields: SecretFields,
): SealedSecret {
  const present: SecretFields = {};
  for (const field of FIELDS) {
    if (fields[field] !== undefined) present[field] = fields[field];
  }
  return cipher.encrypt(JSON.stringify(present), credentialId);
}

/**
 * Decrypts what {@link sealSecretFields} sealed for the same credential id.
 *
 * @public
 */
export function openSecretFields(
  cipher: VaultCipher,
  credentialId: string,
  sealed: SealedSecret,
): SecretFields {
  const parsed = JSON.parse(
    cipher.decrypt(sealed, credentialId).toString('utf8'),
  );
  const fields: SecretFields = {};
  for (const field of FIELDS) {
    if (typeof parsed[field] === 'string') fields[field] = parsed[field];
  }
  return fields;
}

/**
 * What an SSH client logs in with, taken from a credential: a key (and its
 * passphrase) or a password, with the credential's username. `undefined` for
 * an API token, which cannot log in over SSH.
 *
 * @public
 */
export function sshLoginOf(secret: CredentialSecret):
  | {
      username: string;
      privateKey?: string;
      passphrase?: string;
      password?: string;
    }
  | undefined {
  switch (secret.kind) {
    case 'ssh-key':
      return {
        username: secret.username,
        privateKey: secret.privateKey,
        passphrase: secret.passphrase,
      };
    case 'password':
      return { username: secret.username, password: secret.password };
    default:
      return undefined;
  }
}
