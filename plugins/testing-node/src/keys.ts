import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * A real key pair from ssh-keygen, written to `dir/name`, with what
 * `ssh-keygen -lf` says of it. `args` chooses the key, e.g.
 * `['-t', 'ed25519', '-N', '']`.
 *
 * @public
 */
export async function sshKeygen(
  dir: string,
  name: string,
  args: string[],
): Promise<{ privateKey: string; publicKey: string; fingerprint: string }> {
  const file = join(dir, name);
  await execFileAsync('ssh-keygen', ['-q', '-C', '', ...args, '-f', file]);
  const { stdout } = await execFileAsync('ssh-keygen', ['-lf', `${file}.pub`]);
  return {
    privateKey: await readFile(file, 'utf8'),
    publicKey: (await readFile(`${file}.pub`, 'utf8')).trim(),
    fingerprint: stdout.split(' ')[1],
  };
}
