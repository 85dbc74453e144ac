import { z } from 'zod';

/**
 * A place a shared credential may be sent to, as an admin binds it:
 * - a host, `k8s.example.com` or `10.0.0.10`: any port, any path;
 * - a host and port, `k8s.example.com:6443`: that port only;
 * - a URL prefix, `https://k8s.example.com:6443/` or `https://proxy.example/k8s/`:
 *   that scheme, host and port, and paths under that path only.
 */
export type Destination =
  | { type: 'host'; hostname: string; port: string | null }
  | {
      type: 'prefix';
      protocol: 'https:' | 'http:';
      host: string;
      path: string;
    };

export const DESTINATION_HINT =
  'must be a host (k8s.example.com, 10.0.0.10:6443) or a URL prefix (https://k8s.example.com:6443/)';

/** Host names compare without the trailing dot of a fully qualified name. */
const hostnameOf = (url: URL) => url.hostname.replace(/\.$/, '');

/** Percent-encoded slashes and dots let a path escape its prefix on some servers. */
const ENCODED_TRAVERSAL = /%2f|%5c|%2e/i;

/** Parses a destination as an admin writes it; undefined when it is none. */
export function parseDestination(text: string): Destination | undefined {
  const value = text.trim();
  if (!value || /[\s*]/.test(value)) return undefined;
  const isUrl = value.includes('://');
  let url: URL;
  try {
    url = new URL(isUrl ? value : `https://${value}`);
  } catch {
    return undefined;
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    value.includes('@') ||
    ENCODED_TRAVERSAL.test(url.pathname) ||
    !hostnameOf(url)
  ) {
    return undefined;
  }
  if (!isUrl) {
    if (url.pathname !== '/' || /[/?#\\]/.test(value)) return undefined;
    return { type: 'host', hostname: hostnameOf(url), port: url.port || null };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return {
    type: 'prefix',
    protocol: url.protocol,
    host: url.port ? `${hostnameOf(url)}:${url.port}` : hostnameOf(url),
    path: url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`,
  };
}

/** A destination written the one way the vault stores it. */
export function formatDestination(destination: Destination): string {
  if (destination.type === 'host') {
    return destination.port
      ? `${destination.hostname}:${destination.port}`
      : destination.hostname;
  }
  return `${destination.protocol}//${destination.host}${destination.path}`;
}

/** A shared credential's allowed destinations, each normalized, no repeats. */
export const allowedDestinationsSchema = z
  .array(z.string({ error: DESTINATION_HINT }), {
    error: 'must be a list of hosts or URL prefixes',
  })
  .max(50, 'at most 50 destinations')
  .transform((list, ctx) => {
    const out: string[] = [];
    list.forEach((text, index) => {
      const parsed = parseDestination(text);
      if (!parsed) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: DESTINATION_HINT,
        });
        return;
      }
      const normalized = formatDestination(parsed);
      if (!out.includes(normalized)) out.push(normalized);
    });
    return out;
  });
