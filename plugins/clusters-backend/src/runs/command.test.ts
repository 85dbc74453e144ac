import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptInvocation } from './command';

const PASSWORD = 'correct horse battery staple';
const SCRIPT = 'echo "script ran as $(whoami)"\nexit 5';

describe('scriptInvocation', () => {
  it('runs the script from stdin with bash, or through sudo', () => {
    expect(scriptInvocation(SCRIPT, { sudo: false })).toEqual({
      command: 'bash -s',
      stdin: `${SCRIPT}\n`,
    });
    // A password is only for sudo.
    expect(
      scriptInvocation(SCRIPT, { sudo: false, password: PASSWORD }),
    ).toEqual({ command: 'bash -s', stdin: `${SCRIPT}\n` });
    expect(scriptInvocation(`${SCRIPT}\n`, { sudo: true })).toEqual({
      command: 'sudo -n bash -s',
      stdin: `${SCRIPT}\n`,
    });
  });

  it('gives sudo the password as the first line of stdin, never in the command', () => {
    const { command, stdin } = scriptInvocation(SCRIPT, {
      sudo: true,
      password: PASSWORD,
    });

    expect(command).toMatch(/^sudo -S -p '' bash -c '/);
    expect(command).not.toContain(PASSWORD);
    expect(command).not.toContain('script ran');
    const [first, marker, ...rest] = stdin.split('\n');
    expect(first).toBe(PASSWORD);
    expect(command).toContain(marker);
    expect(rest.join('\n')).toBe(`${SCRIPT}\n`);
    // A fresh marker each time: a script cannot guess it.
    expect(
      scriptInvocation(SCRIPT, { sudo: true, password: PASSWORD }).command,
    ).not.toBe(command);
  });

  describe('with a stand-in for sudo', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'opssight-sudo-'));
      // Reads a password line from stdin with -S unless NOPASSWD is set, as
      // sudo does (one byte at a time, leaving the rest), then runs the command.
      await writeFile(
        join(dir, 'sudo'),
        [
          '#!/bin/bash',
          'args=()',
          'for a in "$@"; do case "$a" in -S) ask=1 ;; -n|-p) ;; *) args+=("$a") ;; esac; done',
          // -p takes the next argument ('')
          'args=("${args[@]:1}")',
          'if [ -n "$ask" ] && [ -z "$NOPASSWD" ]; then',
          '  IFS= read -r pw',
          '  [ "$pw" = "$EXPECTED" ] || { echo "Sorry, try again." >&2; exit 1; }',
          'fi',
          'exec "${args[@]}"',
        ].join('\n'),
      );
      await chmod(join(dir, 'sudo'), 0o755);
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    /** Runs the invocation as the remote login shell would: `sh -c command`. */
    function run(env: Record<string, string>) {
      const { command, stdin } = scriptInvocation(SCRIPT, {
        sudo: true,
        password: PASSWORD,
      });
      return new Promise<{ code: number | null; out: string; err: string }>(
        resolve => {
          const child = execFile(
            'sh',
            ['-c', command],
            {
              env: {
                ...process.env,
                PATH: `${dir}:${process.env.PATH}`,
                EXPECTED: PASSWORD,
                ...env,
              },
            },
            (error, out, err) =>
              resolve({
                code: error ? (error.code as number) : 0,
                out,
                err,
              }),
          );
          child.stdin!.end(stdin);
        },
      );
    }

    it('runs the script after sudo took the password', async () => {
      const result = await run({});

      expect(result.code).toBe(5);
      expect(result.out).toMatch(/^script ran as /);
      expect(result.out + result.err).not.toContain(PASSWORD);
    });

    it('never runs or prints the password when sudo does not ask for it', async () => {
      const result = await run({ NOPASSWD: '1' });

      expect(result.code).toBe(5);
      expect(result.out).toMatch(/^script ran as /);
      expect(result.err).toBe('');
      expect(result.out + result.err).not.toContain(PASSWORD);
    });

    it('runs nothing with a wrong password', async () => {
      const result = await run({ EXPECTED: 'something else' });

      expect(result.code).toBe(1);
      expect(result.out).toBe('');
      expect(result.err).not.toContain(PASSWORD);
    });
  });
});
