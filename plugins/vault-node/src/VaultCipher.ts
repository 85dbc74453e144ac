import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * An AES-256 key of the vault.
 *
 * @public
 */
export type VaultKey = {
  /** Stored beside everything the key encrypts, so old ciphertexts find their key. */
  id: string;
  /** 32 bytes. */
  secret: Buffer;
};

/**
 * A secret as the vault stores it: AES-256-GCM output, base64-encoded, and the
 * id of the key that encrypted it.
 *
 * @public
 */
export type SealedSecret = {
  keyId: string;
  iv: string;
  authTag: string;
  ciphertext: string;
};

/**
 * Encryption of the vault's secrets: AES-256-GCM with a fresh 12-byte IV per
 * secret. The first key encrypts; every key decrypts what it encrypted. The
 * associated data (the credential id) binds a ciphertext to its credential, so
 * a ciphertext copied onto another row does not decrypt.
 *
 * @public
 */
export class VaultCipher {
  readonly #keys: Map<string, Buffer>;
  readonly #activeKeyId: string;

  constructor(keys: VaultKey[]) {
    if (keys.length === 0) {
      throw new Error('The vault needs at least one key');
    }
    this.#keys = new Map();
    for (const key of keys) {
      if (!KEY_ID.test(key.id)) {
        throw new Error(
          `Vault key id '${key.id}' is not valid: use 1-64 letters, digits, '.', '_' or '-'`,
        );
      }
      if (key.secret.length !== 32) {
        throw new Error(
          `Vault key '${key.id}' is ${key.secret.length} bytes; AES-256 needs 32`,
        );
      }
      if (this.#keys.has(key.id)) {
        throw new Error(`Vault key id '${key.id}' is configured twice`);
      }
      this.#keys.set(key.id, Buffer.from(key.secret));
    }
    this.#activeKeyId = keys[0].id;
  }

  /** The key new secrets are encrypted with. */
  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  encrypt(plaintext: Buffer | string, associatedData: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(
      ALGORITHM,
      this.#keys.get(this.#activeKeyId)!,
      iv,
      { authTagLength: TAG_BYTES },
    );
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(
        typeof plaintext === 'string'
          ? Buffer.from(plaintext, 'utf8')
          : plaintext,
      ),
      cipher.final(),
    ]);
    return {
      keyId: this.#activeKeyId,
      iv: iv.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
  }

  /** Throws when the key is unknown or the data, tag, IV or associated data were changed. */
  decrypt(sealed: SealedSecret, associatedData: string): Buffer {
    const key = this.#keys.get(sealed.keyId);
    if (!key) {
      throw new Error(
        `Cannot decrypt: the secret was encrypted with vault key '${
          sealed.keyId
        }', which is not configured (vault.keys has ${this.keyIds
          .map(id => `'${id}'`)
          .join(', ')}). Add that key back to vault.keys.`,
      );
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const authTag = Buffer.from(sealed.authTag, 'base64');
    if (iv.length !== IV_BYTES || authTag.length !== TAG_BYTES) {
      throw new Error(
        `Cannot decrypt: the secret's IV or authentication tag is malformed`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(authTag);
      return Buffer.concat([
        decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
        decipher.final(),
      ]);
    } catch {
      throw new Error(
        `Cannot decrypt: authentication with vault key '${sealed.keyId}' failed; the stored secret was altered or belongs to another credential`,
      );
    }
  }
}
