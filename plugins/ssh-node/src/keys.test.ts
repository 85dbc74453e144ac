import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parsePrivateKey, SshKeyError } from './keys';

// RSA key generation on a shared 2-core machine can take seconds.
jest.setTimeout(30_000);

const execFileAsync = promisify(execFile);

describe('parsePrivateKey', () => {
  let dir: string;

  async function keygen(
    name: string,
    args: string[],
  ): Promise<{ key: string; pub: string; fingerprint: string }> {
    const path = join(dir, name);
    await execFileAsync('ssh-keygen', ['-q', '-C', '', ...args, '-f', path]);
    const { stdout } = await execFileAsync('ssh-keygen', [
      '-lf',
      `${path}.pub`,
    ]);
    return {
      key: await readFile(path, 'utf8'),
      pub: (await readFile(`${path}.pub`, 'utf8')).trim(),
      fingerprint: stdout.split(' ')[1],
    };
  }

  function refusal(text: string, passphrase?: string): SshKeyError {
    try {
      parsePrivateKey(text, passphrase);
    } catch (error) {
      expect(error).toBeInstanceOf(SshKeyError);
      return error as SshKeyError;
    }
    throw new Error('expected the key to be refused');
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-keys-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['ed25519', ['-t', 'ed25519', '-N', ''], 'ssh-ed25519'],
    ['ecdsa', ['-t', 'ecdsa', '-N', ''], 'ecdsa-sha2-nistp256'],
    ['rsa-pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', ''], 'ssh-rsa'],
  ])(
    'describes an unencrypted %s key as ssh-keygen does',
    async (name, args, keyType) => {
      const { key, pub, fingerprint } = await keygen(name, args);
      expect(parsePrivateKey(key)).toEqual({
        keyType,
        fingerprint,
        publicKey: pub,
        encrypted: false,
      });
      // A passphrase for a key that has none is harmless.
      expect(parsePrivateKey(key, 'unused').fingerprint).toBe(fingerprint);
    },
  );

  it.each([
    ['ed25519-enc', ['-t', 'ed25519', '-N', 'correct horse']],
    [
      'rsa-pem-enc',
      ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'correct horse'],
    ],
  ])(
    'decrypts an encrypted %s key with its passphrase, and names each problem',
    async (name, args) => {
      const { key, pub, fingerprint } = await keygen(name, args);
      expect(parsePrivateKey(key, 'correct horse')).toEqual({
        keyType: pub.split(' ')[0],
        fingerprint,
        publicKey: pub,
        encrypted: true,
      });

      const missing = refusal(key);
      expect(missing.kind).toBe('passphrase-required');
      expect(missing.message).toBe('the key is encrypted: give its passphrase');

      const wrong = refusal(key, 'battery staple');
      expect(wrong.kind).toBe('wrong-passphrase');
      expect(wrong.message).toBe('the passphrase is wrong');
      expect(wrong.message).not.toContain('battery');
    },
  );

  it('refuses public keys, PKCS#8 and garbage without echoing them', async () => {
    const { key, pub } = await keygen('pkcs8', [
      '-t',
      'ecdsa',
      '-m',
      'PKCS8',
      '-N',
      '',
    ]);
    expect(refusal(pub).kind).toBe('not-private');
    expect(refusal(key).kind).toBe('unsupported');
    expect(refusal(key).message).toMatch(
      /not a private key in a supported format/,
    );
    const garbage = refusal('hunter2 is not a key');
    expect(garbage.kind).toBe('unsupported');
    expect(garbage.message).not.toContain('hunter2');
    expect(refusal('').kind).toBe('unsupported');
  });
});
