import { hashPassword, verifyPasswordHash } from './passwordHash';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('are scrypt with a random salt and the parameters stored beside the hash', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(
      /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/,
    );
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse battery');
    await expect(verifyPasswordHash('correct horse battery', a)).resolves.toBe(
      true,
    );
    await expect(verifyPasswordHash('correct horse batter', a)).resolves.toBe(
      false,
    );
    await expect(verifyPasswordHash('', a)).resolves.toBe(false);
  });

  it('verifies with the parameters of the stored hash, whatever the current default', async () => {
    const cheap = await hashPassword('correct horse battery', FAST);
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(
      verifyPasswordHash('correct horse battery', cheap),
    ).resolves.toBe(true);
  });

  it('treats one password typed in two Unicode forms as the same', async () => {
    const composed = 'caf\u00e9 au lait noir';
    const decomposed = 'cafe\u0301 au lait noir';
    const hash = await hashPassword(composed, FAST);
    await expect(verifyPasswordHash(decomposed, hash)).resolves.toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing or allocating', async () => {
    const good = await hashPassword('correct horse battery', FAST);
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain',
      'bcrypt$10$abc',
      `scrypt$1000$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`, // N far too large
      `scrypt$1024$${r}$${p}$$${key}`, // no salt
      `scrypt$1024$${r}$${p}$${salt}$`, // no hash
      `${good}$extra`,
    ]) {
      await expect(
        verifyPasswordHash('correct horse battery', bad),
      ).resolves.toBe(false);
    }
    // A different key of the same length is a wrong password, compared in constant time.
    const flipped = `scrypt$1024$${r}$${p}$${salt}$${Buffer.alloc(32).toString(
      'base64url',
    )}`;
    await expect(
      verifyPasswordHash('correct horse battery', flipped),
    ).resolves.toBe(false);
  });
});
