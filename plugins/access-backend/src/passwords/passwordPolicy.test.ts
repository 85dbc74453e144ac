import { hashPassword } from './passwordHash';
import { passwordPolicyProblems } from './passwordPolicy';

const FAST = { N: 2 ** 10, r: 8, p: 1 };

const problems = (password: string, username = 'alice') =>
  passwordPolicyProblems(password, { username });

describe('password policy', () => {
  it('accepts a long password that is none of the things below', async () => {
    await expect(problems('velvet-harbour-42-quiet')).resolves.toEqual([]);
    await expect(problems('ünïcödé pässwörd')).resolves.toEqual([]);
  });

  it('wants at least 12 characters, counted as characters', async () => {
    await expect(problems('short-pw-1')).resolves.toEqual([
      'must be at least 12 characters long',
    ]);
    await expect(problems('😀😀😀😀😀😀')).resolves.toContain(
      'must be at least 12 characters long',
    );
    await expect(problems('x'.repeat(1025))).resolves.toContain(
      'must be at most 1024 characters long',
    );
  });

  it('refuses the username and passwords containing it, in any case', async () => {
    await expect(problems('margaret.smith', 'margaret.smith')).resolves.toEqual(
      ['must not be the username'],
    );
    await expect(problems('MARGARET.SMITH', 'margaret.smith')).resolves.toEqual(
      ['must not be the username'],
    );
    await expect(problems('my name is Alice, ok?')).resolves.toEqual([
      'must not contain the username',
    ]);
    // Very short usernames are only refused as the whole password.
    await expect(problems('always-a-good-day', 'al')).resolves.toEqual([]);
  });

  it('refuses well-known defaults, also with digits or symbols appended', async () => {
    for (const known of [
      'administrator',
      '123456789012',
      'Password1234',
      'password123!',
      'ChangeMe2024!',
      'opssight2025',
      'OpsSight!!!!',
      'qwertyuiop12',
      '987654321098',
      'aaaaaaaaaaaaaaa',
    ]) {
      await expect([known, await problems(known)]).toEqual([
        known,
        ['is a well-known default or common password'],
      ]);
    }
    await expect(problems('admin')).resolves.toEqual([
      'must be at least 12 characters long',
      'is a well-known default or common password',
    ]);
  });

  it('refuses the current and the previous password', async () => {
    const current = await hashPassword('velvet-harbour-42-quiet', FAST);
    const previous = await hashPassword('amber-lantern-17-north', FAST);
    const check = (password: string) =>
      passwordPolicyProblems(password, {
        username: 'alice',
        previousHashes: [current, previous],
      });
    await expect(check('velvet-harbour-42-quiet')).resolves.toEqual([
      'must differ from the current and previous password',
    ]);
    await expect(check('amber-lantern-17-north')).resolves.toEqual([
      'must differ from the current and previous password',
    ]);
    await expect(check('copper-meadow-99-still')).resolves.toEqual([]);
  });

  it('never puts the password into a message', async () => {
    const password = 'Password-alice';
    const messages = await problems(password);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join(' ')).not.toContain(password);
  });
});
