import { OutboundAddressPolicy } from '@opssight/plugin-network-node';
import dns from 'node:dns';
import { isIP } from 'node:net';

/** Where a git URL leads: what the outbound-address policy is asked about. */
export type GitRemote =
  | { transport: 'file' }
  | {
      transport: 'https' | 'ssh';
      /** As written in the URL, without IPv6 brackets, lower case. */
      host: string;
      port: number;
      /** The user named in an ssh URL (`git@…`). */
      user?: string;
    };

/** `[user@]host:path`, git's scp-like spelling of an SSH remote. */
const SCP_LIKE = /^(?:([^@/:[\]]+)@)?(\[[^\]]+\]|[^:/[\]]+):(?!\/\/)(.+)$/;

/**
 * The transport, host and port of a git URL: https://, ssh://, scp-like
 * `user@host:path`, or file://. Undefined for anything else.
 */
export function gitRemoteOf(rawUrl: string): GitRemote | undefined {
  const url = rawUrl.trim();
  if (url.startsWith('file://')) return { transport: 'file' };
  if (/^(https|ssh):\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return undefined;
    }
    const https = parsed.protocol === 'https:';
    const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    // ssh would read a host starting with "-" as an option.
    if (!host || host.startsWith('-')) return undefined;
    const defaultPort = https ? 443 : 22;
    return {
      transport: https ? 'https' : 'ssh',
      host,
      port: parsed.port ? Number(parsed.port) : defaultPort,
      ...(!https && parsed.username
        ? { user: decodeURIComponent(parsed.username) }
        : {}),
    };
  }
  if (url.includes('://')) return undefined;
  const scp = SCP_LIKE.exec(url);
  if (!scp || scp[2].startsWith('-')) return undefined;
  return {
    transport: 'ssh',
    host: scp[2].replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    port: 22,
    ...(scp[1] ? { user: scp[1] } : {}),
  };
}

/**
 * What the outbound-address policy says of a git URL's host, as written and
 * as it resolves now; undefined when the backend may fetch from it. Loopback
 * and private addresses only inside `automation.git.allowedNetworks`;
 * link-local and cloud metadata addresses never.
 */
export async function gitRemoteProblem(
  rawUrl: string,
  policy: OutboundAddressPolicy,
): Promise<string | undefined> {
  const remote = gitRemoteOf(rawUrl);
  if (!remote) return 'use an https:// or ssh:// URL';
  if (remote.transport === 'file') return undefined;
  const { problem, unresolved } = await addressesOf(remote, policy);
  // A name that does not resolve yet may when the project is fetched: the
  // fetch checks it again.
  return unresolved ? undefined : problem;
}

/**
 * The addresses a git remote's host resolves to, each allowed by the policy,
 * or the problem. The fetch then connects to the first of them and nothing
 * else, so a DNS answer that changes between this check and the connection
 * (DNS rebinding) cannot lead it elsewhere.
 */
export async function addressesOf(
  remote: { host: string },
  policy: OutboundAddressPolicy,
): Promise<{ problem?: string; addresses: string[]; unresolved?: true }> {
  const host = remote.host;
  // checkUrl knows how addresses may be written (dotted decimal only) and
  // which host names are metadata services: ask it about this host.
  const problem = policy.checkUrl(
    `https://${isIP(host) === 6 ? `[${host}]` : host}/`,
  );
  if (problem) return { problem, addresses: [] };
  if (isIP(host)) return { addresses: [host] };
  let found: dns.LookupAddress[];
  try {
    found = await dns.promises.lookup(host, { all: true });
  } catch {
    return {
      problem: `${host} does not resolve to an address`,
      addresses: [],
      unresolved: true,
    };
  }
  for (const { address } of found) {
    const refusal = policy.refusal(address);
    if (refusal)
      return { problem: `${host} resolves to ${refusal}`, addresses: [] };
  }
  if (!found.length) {
    return { problem: `${host} does not resolve to an address`, addresses: [] };
  }
  return { addresses: found.map(a => a.address) };
}
