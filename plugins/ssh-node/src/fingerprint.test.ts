import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fingerprintOf } from './fingerprint';

// RSA key generation on a shared 2-core machine can take seconds.
jest.setTimeout(30_000);

const execFileAsync = promisify(execFile);

describe('fingerprintOf', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opssight-fingerprint-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(['ed25519', 'ecdsa', 'rsa'])(
    'matches ssh-keygen -lf for an %s key',
    async type => {
      const path = join(dir, type);
      await execFileAsync('ssh-keygen', [
        '-q',
        '-t',
        type,
        '-N',
        '',
        '-f',
        path,
      ]);
      const { stdout } = await execFileAsync('ssh-keygen', [
        '-lf',
        `${path}.pub`,
      ]);
      // A .pub line is "<type> <base64 blob> <comment>".
      const blob = (await readFile(`${path}.pub`, 'utf8')).split(' ')[1];

      const fingerprint = fingerprintOf(Buffer.from(blob, 'base64'));

      expect(fingerprint).toBe(stdout.split(' ')[1]);
      expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    },
  );
});
