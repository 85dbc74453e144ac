import type { Machine } from './types';

/**
 * The known_hosts line that makes OpenSSH trust a machine's pinned host key:
 * `host key` for port 22, `[host]:port key` for any other port (OpenSSH's
 * own spelling, so `ssh -p` finds it). Undefined while only the fingerprint
 * is known: the key itself is kept from the next successful connection test.
 */
export function knownHostsLine(
  machine: Pick<Machine, 'ip' | 'sshPort' | 'hostPublicKey'>,
): string | undefined {
  if (!machine.hostPublicKey) {
    return undefined;
  }
  const host =
    machine.sshPort === 22 ? machine.ip : `[${machine.ip}]:${machine.sshPort}`;
  return `${host} ${machine.hostPublicKey}`;
}
