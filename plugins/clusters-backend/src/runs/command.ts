import { randomUUID } from 'node:crypto';

/** What the server runs for a bulk script, and what goes to its stdin. */
export type ScriptInvocation = {
  /** Never contains the script or a secret. */
  command: string;
  /** The script, after the sudo password when there is one. */
  stdin: string;
};

/**
 * How a script runs on a host: read by `bash -s` from stdin, so its text
 * never appears in a process list, and as root through sudo when asked.
 *
 * With a password, sudo reads it as the first line of stdin (`-S`, no
 * prompt). sudo does not read it when it needs no password (NOPASSWD, or a
 * cached sign-in), and bash would then run the password as the script's first
 * line and print it in "command not found". So a random marker line follows
 * the password, and a small reader skips lines up to and including the marker
 * before bash reads the script: whether sudo took the password or not, the
 * script starts after the marker. (bash's `read` takes one byte at a time from
 * a pipe, as sudo does, so nothing of the script is consumed.)
 */
export function scriptInvocation(
  script: string,
  options: { sudo: boolean; password?: string },
): ScriptInvocation {
  const body = script.endsWith('\n') ? script : `${script}\n`;
  if (!options.sudo) {
    return { command: 'bash -s', stdin: body };
  }
  if (options.password === undefined) {
    return { command: 'sudo -n bash -s', stdin: body };
  }
  const marker = `opssight-script-${randomUUID()}`;
  const skipToMarker = `IFS= read -r l; [ "$l" = ${marker} ] || IFS= read -r l; unset l; exec bash -s`;
  return {
    command: `sudo -S -p '' bash -c '${skipToMarker}'`,
    stdin: `${options.password}\n${marker}\n${body}`,
  };
}
