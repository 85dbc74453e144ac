import { randomBytes } from 'node:crypto';
import { SealedSecret, VaultCipher } from './VaultCipher';

const keyA = { id: 'key-a', secret: randomBytes(32) };
const keyB = { id: 'key-b', secret: randomBytes(32) };

/** Flips one bit of a base64 field. */
function flip(text: string): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}

describe('VaultCipher', () => {
  it('round-trips a secret with a fresh IV each time, and never stores the plaintext', () => {
    const cipher = new VaultCipher([keyA]);
    const first = cipher.encrypt('hunter2', 'credential-1');
    const second = cipher.encrypt('hunter2', 'credential-1');

    expect(first.keyId).toBe('key-a');
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(first.authTag, 'base64')).toHaveLength(16);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(JSON.stringify(first)).not.toContain('hunter2');
    expect(
      Buffer.from(first.ciphertext, 'base64').toString('latin1'),
    ).not.toContain('hunter2');

    expect(cipher.decrypt(first, 'credential-1').toString()).toBe('hunter2');
    expect(cipher.decrypt(second, 'credential-1').toString()).toBe('hunter2');
  });

  it.each<[string, (s: SealedSecret) => SealedSecret]>([
    ['ciphertext', s => ({ ...s, ciphertext: flip(s.ciphertext) })],
    ['auth tag', s => ({ ...s, authTag: flip(s.authTag) })],
    ['IV', s => ({ ...s, iv: flip(s.iv) })],
  ])('refuses a secret whose %s was altered', (_, tamper) => {
    const cipher = new VaultCipher([keyA]);
    const sealed = cipher.encrypt('hunter2', 'credential-1');
    expect(() => cipher.decrypt(tamper(sealed), 'credential-1')).toThrow(
      "Cannot decrypt: authentication with vault key 'key-a' failed; the stored secret was altered or belongs to another credential",
    );
  });

  it('refuses a ciphertext moved onto another credential', () => {
    const cipher = new VaultCipher([keyA]);
    const sealed = cipher.encrypt('hunter2', 'credential-1');
    expect(() => cipher.decrypt(sealed, 'credential-2')).toThrow(
      /belongs to another credential/,
    );
  });

  it('refuses a truncated authentication tag', () => {
    const cipher = new VaultCipher([keyA]);
    const sealed = cipher.encrypt('hunter2', 'c');
    const short = Buffer.from(sealed.authTag, 'base64')
      .subarray(0, 4)
      .toString('base64');
    expect(() => cipher.decrypt({ ...sealed, authTag: short }, 'c')).toThrow(
      /IV or authentication tag is malformed/,
    );
  });

  it('still decrypts what an older key encrypted after a new active key is added', () => {
    const old = new VaultCipher([keyA]).encrypt('from the old key', 'c');
    const rotated = new VaultCipher([keyB, keyA]);
    expect(rotated.activeKeyId).toBe('key-b');
    expect(rotated.decrypt(old, 'c').toString()).toBe('from the old key');
    expect(rotated.encrypt('new', 'c').keyId).toBe('key-b');
  });

  it('names the missing key when a secret was encrypted with a key no longer configured', () => {
    const old = new VaultCipher([keyA]).encrypt('x', 'c');
    expect(() => new VaultCipher([keyB]).decrypt(old, 'c')).toThrow(
      "Cannot decrypt: the secret was encrypted with vault key 'key-a', which is not configured (vault.keys has 'key-b'). Add that key back to vault.keys.",
    );
  });

  it('refuses bad key sets', () => {
    expect(() => new VaultCipher([])).toThrow(/at least one key/);
    expect(
      () => new VaultCipher([{ id: 'short', secret: randomBytes(16) }]),
    ).toThrow("Vault key 'short' is 16 bytes; AES-256 needs 32");
    expect(() => new VaultCipher([keyA, { ...keyB, id: 'key-a' }])).toThrow(
      /configured twice/,
    );
    expect(
      () => new VaultCipher([{ id: 'has space', secret: randomBytes(32) }]),
    ).toThrow(/is not valid/);
  });
});
