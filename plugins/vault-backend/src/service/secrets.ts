import { InputError } from '@backstage/errors';
import { parsePrivateKey, SshKeyError } from '@opssight/plugin-ssh-node';
import { CredentialKind, SECRET_FIELDS } from '@opssight/plugin-vault-common';
import {
  SealedSecret,
  sealSecretFields,
  SecretFields,
  VaultCipher,
} from '@opssight/plugin-vault-node';
import { KeyDescription } from '../database/CredentialStore';

/** Whether the input carries a (new) secret for a credential of `kind`. */
export function hasSecret(kind: CredentialKind, fields: SecretFields): boolean {
  return SECRET_FIELDS[kind].some(field => fields[field] !== undefined);
}

/**
 * Checks a secret as written for a credential of `kind` and seals it for the
 * credential's id. SSH keys must be usable by ssh-node: parsed, and decrypted
 * with their passphrase, which is only kept when the key needs it.
 */
export function sealNewSecret(
  cipher: VaultCipher,
  credentialId: string,
  kind: CredentialKind,
  fields: SecretFields,
): KeyDescription & { sealed: SealedSecret } {
  const secret: SecretFields = {};
  for (const field of SECRET_FIELDS[kind]) {
    secret[field] = fields[field];
  }
  let description: KeyDescription = {
    keyType: null,
    fingerprint: null,
    publicKey: null,
  };
  if (kind === 'ssh-key') {
    try {
      const parsed = parsePrivateKey(
        secret.privateKey ?? '',
        secret.passphrase,
      );
      description = {
        keyType: parsed.keyType,
        fingerprint: parsed.fingerprint,
        publicKey: parsed.publicKey,
      };
      if (!parsed.encrypted) delete secret.passphrase;
    } catch (error) {
      if (error instanceof SshKeyError) {
        throw new InputError(
          `Invalid credential: privateKey: ${error.message}`,
        );
      }
      throw error;
    }
  }
  return {
    ...description,
    sealed: sealSecretFields(cipher, credentialId, secret),
  };
}
