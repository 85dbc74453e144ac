import { mockServices } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VaultCipher } from './VaultCipher';
import { readVaultKeys } from './vaultKeys';

describe('readVaultKeys', () => {
  let dir: string;
  const nodeEnv = process.env.NODE_ENV;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opssight-vault-keys-'));
  });

  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function read(data: object) {
    const logger = mockServices.logger.mock();
    const keys = readVaultKeys({
      config: mockServices.rootConfig({ data }),
      logger,
    });
    return { keys, logger };
  }

  it('reads vault.keys, the first being the active key', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const { keys, logger } = read({
      vault: {
        keys: [
          { id: 'new', secret: a.toString('base64') },
          { id: 'old', secret: b.toString('base64') },
        ],
        devKeyFile: path.join(dir, 'dev.json'),
      },
    });
    expect(keys).toEqual([
      { id: 'new', secret: a },
      { id: 'old', secret: b },
    ]);
    expect(new VaultCipher(keys).activeKeyId).toBe('new');
    expect(logger.warn).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(dir, 'dev.json'))).toBe(false);
  });

  it.each([
    [
      'not base64 at all!',
      /vault\.keys\[0\]\.secret must be base64 of exactly 32 random bytes/,
    ],
    [randomBytes(16).toString('base64'), /exactly 32 random bytes/],
  ])('refuses a bad secret without repeating it', (secret, message) => {
    let error: Error | undefined;
    try {
      read({ vault: { keys: [{ id: 'k', secret }] } });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(secret);
  });

  it('says which environment variable is missing when the production mapping is half set', () => {
    expect(() => read({ vault: { keys: [{ id: 'k' }] } })).toThrow(
      /vault\.keys\[0\] needs both an id and a secret \(secret is missing\): set OPSSIGHT_VAULT_KEY/,
    );
  });

  it('stops production when vault.keys is missing', () => {
    process.env.NODE_ENV = 'production';
    expect(() =>
      read({ vault: { devKeyFile: path.join(dir, 'dev.json') } }),
    ).toThrow(/^vault\.keys is not configured: set OPSSIGHT_VAULT_KEY /);
    expect(() => read({ vault: { keys: [] } })).toThrow(
      /vault\.keys is not configured/,
    );
    expect(fs.existsSync(path.join(dir, 'dev.json'))).toBe(false);
  });

  it('generates a development key once, privately, and reuses it', () => {
    process.env.NODE_ENV = 'development';
    const file = path.join(dir, 'nested', 'vault-dev-key.json');

    const first = read({ vault: { devKeyFile: file } });
    expect(first.keys).toHaveLength(1);
    expect(first.keys[0].secret).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`generated a development key into ${file}`),
    );

    const second = read({ vault: { devKeyFile: file } });
    expect(second.keys).toEqual(first.keys);
    expect(second.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(`using the development key in ${file}`),
    );
    expect(fs.readdirSync(path.dirname(file))).toEqual(['vault-dev-key.json']);
    // Whatever the first key encrypted, the reread key decrypts.
    const sealed = new VaultCipher(first.keys).encrypt('s', 'c');
    expect(new VaultCipher(second.keys).decrypt(sealed, 'c').toString()).toBe(
      's',
    );
  });

  it('defaults the development key file to ../../.data relative to the working directory', () => {
    process.env.NODE_ENV = 'development';
    const cwd = path.join(dir, 'packages', 'backend');
    fs.mkdirSync(cwd, { recursive: true });
    const spy = jest.spyOn(process, 'cwd').mockReturnValue(cwd);
    try {
      read({});
    } finally {
      spy.mockRestore();
    }
    expect(fs.existsSync(path.join(dir, '.data', 'vault-dev-key.json'))).toBe(
      true,
    );
  });

  it('names an unreadable development key file', () => {
    process.env.NODE_ENV = 'development';
    const file = path.join(dir, 'vault-dev-key.json');
    fs.writeFileSync(file, 'not json');
    expect(() => read({ vault: { devKeyFile: file } })).toThrow(
      `The development vault key file ${file} is unreadable`,
    );
  });
});
