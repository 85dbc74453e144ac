import dns from 'node:dns';
import { BlockList, isIP, LookupFunction } from 'node:net';

/**
 * A connection a user's input asked for was refused by the outbound-address
 * policy. The message names the address and why, never the request's content.
 *
 * @public
 */
export class OutboundAddressError extends Error {
  readonly code = 'EOUTBOUNDREFUSED';
  constructor(message: string) {
    super(message);
    this.name = 'OutboundAddressError';
  }
}

type Range = [address: string, prefix: number, why: string];

/**
 * Never connected to, whatever the allowlist says: the cloud's metadata
 * services (they hand out the host's credentials) and addresses that are no
 * single remote host.
 */
const FORBIDDEN: Range[] = [
  ['0.0.0.0', 8, 'an unspecified address'],
  [
    '169.254.0.0',
    16,
    'a link-local address (cloud metadata services live there)',
  ],
  ['100.100.100.200', 32, 'a cloud metadata address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
  ['::', 128, 'an unspecified address'],
  ['fe80::', 10, 'a link-local address'],
  ['fd00:ec2::254', 128, 'a cloud metadata address'],
  ['ff00::', 8, 'a multicast address'],
];

/** Connected to only when an allowed network covers them. */
const INTERNAL: Range[] = [
  ['127.0.0.0', 8, 'a loopback address'],
  ['::1', 128, 'a loopback address'],
  ['10.0.0.0', 8, 'a private address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.168.0.0', 16, 'a private address'],
  ['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
  ['198.18.0.0', 15, 'a private address'],
  ['fc00::', 7, 'a private (unique local) address'],
];

/** Host names of metadata services that answer inside a cloud, whatever they resolve to. */
const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

/** Each range as a list of its own, so a refusal can say which range it was. */
function compile(ranges: Range[]): Array<{ list: BlockList; why: string }> {
  return ranges.map(([address, prefix, why]) => {
    const list = new BlockList();
    list.addSubnet(address, prefix, familyOf(address));
    return { list, why };
  });
}

const FORBIDDEN_RANGES = compile(FORBIDDEN);
const INTERNAL_RANGES = compile(INTERNAL);

function rangeOf(
  ranges: Array<{ list: BlockList; why: string }>,
  address: string,
): string | undefined {
  const family = familyOf(address);
  return ranges.find(r => r.list.check(address, family))?.why;
}

/** `::ffff:169.254.169.254` is 169.254.169.254 to the kernel. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return address;
}

function parseCidr(text: string, where: string): [string, number] {
  const [address, prefixText, ...rest] = text.trim().split('/');
  const family = isIP(address);
  const max = family === 6 ? 128 : 32;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (
    !family ||
    rest.length ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max
  ) {
    throw new Error(
      `${where}: '${text}' is not a network; write a CIDR such as 10.0.0.0/8, 127.0.0.1/32 or fd12::/16`,
    );
  }
  return [address, prefix];
}

/**
 * Which addresses the backend may connect to when a user's input (a cluster's
 * API URL, a dashboard's URL, a Terraform backend) names them. Public
 * addresses are allowed; loopback and private ones only inside the
 * `allowedNetworks` an admin configured; link-local, cloud-metadata,
 * unspecified and multicast addresses never.
 *
 * Check a URL when it is entered ({@link OutboundAddressPolicy.checkUrl}, then
 * {@link OutboundAddressPolicy.checkResolved}) and again when connecting
 * ({@link OutboundAddressPolicy.connectOptions}): the connect-time check runs
 * on the very addresses the socket connects to, so a DNS answer that changed
 * since (DNS rebinding) is refused too.
 *
 * @public
 */
export class OutboundAddressPolicy {
  readonly #allowed = new BlockList();
  readonly #where: string;
  readonly allowedNetworks: string[];

  /**
   * @param allowedNetworks - CIDRs of loopback or private networks that may be
   * connected to, e.g. `['10.0.0.0/8']`.
   * @param where - the config key they came from, for error messages.
   */
  constructor(allowedNetworks: string[] = [], where = 'allowedNetworks') {
    this.#where = where;
    this.allowedNetworks = allowedNetworks.map((text, index) => {
      const [address, prefix] = parseCidr(text, `${where}[${index}]`);
      this.#allowed.addSubnet(address, prefix, familyOf(address));
      return `${address}/${prefix}`;
    });
  }

  /**
   * From a config block holding `allowedNetworks` (e.g.
   * `config.getOptionalConfig('clusters.apiUrl')`); none when it is absent.
   */
  static fromConfig(
    config:
      | { getOptionalStringArray(key: string): string[] | undefined }
      | undefined,
    where: string,
  ): OutboundAddressPolicy {
    return new OutboundAddressPolicy(
      config?.getOptionalStringArray('allowedNetworks') ?? [],
      `${where}.allowedNetworks`,
    );
  }

  /** Why the backend may not connect to this IP address; undefined when it may. */
  refusal(ip: string): string | undefined {
    const address = unmapped(ip);
    const forbidden = rangeOf(FORBIDDEN_RANGES, address);
    if (forbidden) {
      return `${ip} is ${forbidden}, which OpsSight never connects to`;
    }
    const internal = rangeOf(INTERNAL_RANGES, address);
    if (!internal || this.#allowed.check(address, familyOf(address))) {
      return undefined;
    }
    return `${ip} is ${internal}; only networks an admin lists in ${
      this.#where
    } may be used`;
  }

  /**
   * What is wrong with a URL as written, without asking DNS: not http(s), a
   * user name or password in it, an IP address written other than in its
   * canonical form (`2130706433`, `0x7f.1`, `127.1`), a metadata host name,
   * or a literal IP address the policy refuses. Undefined when nothing is.
   */
  checkUrl(raw: string): string | undefined {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      return 'must be an http(s) URL such as https://10.0.0.10:6443';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return 'must be an http(s) URL such as https://10.0.0.10:6443';
    }
    const authority =
      /^[a-z][a-z0-9+.-]*:[/\\]*([^/?#\\]*)/i.exec(raw.trim())?.[1] ?? '';
    if (url.username || url.password || authority.includes('@')) {
      return 'must not contain a user name or password; the credential is chosen separately';
    }
    const host = hostOf(url);
    if (isIP(host) === 4) {
      const written = (
        authority.startsWith('[') ? authority : authority.replace(/:[^:]*$/, '')
      )
        .toLowerCase()
        .replace(/\.$/, '');
      if (written !== host) {
        return `write the IP address in dotted decimal (${host}), not '${written}'`;
      }
    }
    if (METADATA_HOSTS.has(host.replace(/\.$/, ''))) {
      return `${host} is a cloud metadata service, which OpsSight never connects to`;
    }
    return isIP(host) ? this.refusal(host) : undefined;
  }

  /**
   * {@link OutboundAddressPolicy.checkUrl}, then every address the host name
   * resolves to now. A name that does not resolve (yet) passes: the
   * connect-time check still applies.
   */
  async checkResolved(raw: string): Promise<string | undefined> {
    const problem = this.checkUrl(raw);
    if (problem) return problem;
    const host = hostOf(new URL(raw.trim()));
    if (isIP(host)) return undefined;
    let addresses: dns.LookupAddress[];
    try {
      addresses = await dns.promises.lookup(host, { all: true });
    } catch {
      return undefined;
    }
    for (const { address } of addresses) {
      const refusal = this.refusal(address);
      if (refusal) return `${host} resolves to ${refusal}`;
    }
    return undefined;
  }

  /**
   * Options for `http.request`/`https.request` (or `net.connect`) to `url`:
   * a DNS lookup that refuses the connection when any address the name
   * resolves to is refused. Throws {@link OutboundAddressError} at once for
   * a URL {@link OutboundAddressPolicy.checkUrl} refuses.
   */
  connectOptions(url: URL | string): { lookup: LookupFunction } {
    const problem = this.checkUrl(String(url));
    if (problem) {
      throw new OutboundAddressError(problem);
    }
    return { lookup: this.lookup };
  }

  /** A `dns.lookup` for sockets that refuses what the policy refuses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const refusal = this.refusal(address);
        if (refusal) {
          callback(
            new OutboundAddressError(`${hostname} resolves to ${refusal}`),
            '',
            0,
          );
          return;
        }
      }
      if (options.all) {
        (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(
          null,
          list,
        );
      } else if (list.length === 0) {
        callback(
          Object.assign(new Error(`${hostname} has no address`), {
            code: 'ENOTFOUND',
          }),
          '',
          0,
        );
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
}

/** The URL's host without IPv6 brackets, lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}
