import { ParsedKey, utils } from 'ssh2';
import { fingerprintOf } from './fingerprint';

/**
 * Why a private key was refused:
 *
 * - `passphrase-required`: the key is encrypted and no passphrase was given.
 * - `wrong-passphrase`: the passphrase does not decrypt the key.
 * - `not-private`: the text is a public key.
 * - `unsupported`: not a private key in a format ssh2 reads.
 *
 * @public
 */
export type SshKeyErrorKind =
  | 'passphrase-required'
  | 'wrong-passphrase'
  | 'not-private'
  | 'unsupported';

/**
 * A private key that cannot be used. Messages never contain the key or the passphrase.
 *
 * @public
 */
export class SshKeyError extends Error {
  readonly kind: SshKeyErrorKind;

  constructor(kind: SshKeyErrorKind, message: string) {
    super(message);
    this.name = 'SshKeyError';
    this.kind = kind;
  }
}

/** @public */
export type ParsedPrivateKey = {
  /** The key algorithm, e.g. `ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`. */
  keyType: string;
  /** SHA-256 of the public key blob, `SHA256:…` as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The public key as an authorized_keys line: `<type> <base64>`. */
  publicKey: string;
  /** Whether the key needs its passphrase to be used. */
  encrypted: boolean;
};

function parseOne(text: string, passphrase?: string): ParsedKey | Error {
  try {
    // Typed as one key, but PuTTY files can hold several.
    const parsed: ParsedKey | ParsedKey[] | Error = utils.parseKey(
      text,
      passphrase,
    );
    if (Array.isArray(parsed)) {
      return parsed.length === 1
        ? parsed[0]
        : new Error('more than one key in the text');
    }
    return parsed;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Checks that `text` is a private key that ssh2 (and so `connectSsh`) can use,
 * decrypting it with `passphrase` when it is encrypted, and describes its public half.
 * Throws an {@link SshKeyError} saying what is wrong.
 *
 * @public
 */
export function parsePrivateKey(
  text: string,
  passphrase?: string,
): ParsedPrivateKey {
  let encrypted = false;
  let key = parseOne(text);
  if (key instanceof Error && /no passphrase given/i.test(key.message)) {
    encrypted = true;
    if (!passphrase) {
      throw new SshKeyError(
        'passphrase-required',
        'the key is encrypted: give its passphrase',
      );
    }
    key = parseOne(text, passphrase);
    if (key instanceof Error && /bad passphrase/i.test(key.message)) {
      throw new SshKeyError('wrong-passphrase', 'the passphrase is wrong');
    }
  }
  if (key instanceof Error) {
    throw new SshKeyError(
      'unsupported',
      'not a private key in a supported format (OpenSSH, or PEM as written by `ssh-keygen -m PEM`; PKCS#8 keys convert with `ssh-keygen -p -f <file>`)',
    );
  }
  if (!key.isPrivateKey()) {
    throw new SshKeyError(
      'not-private',
      'this is a public key; the vault needs the private key',
    );
  }
  const blob = key.getPublicSSH();
  return {
    keyType: key.type,
    fingerprint: fingerprintOf(blob),
    publicKey: `${key.type} ${blob.toString('base64')}`,
    encrypted,
  };
}
