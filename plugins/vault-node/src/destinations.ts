import { RootConfigService } from '@backstage/backend-plugin-api';
import { parseDestination } from '@opssight/plugin-vault-common';

/**
 * How the vault judges where a secret may be sent.
 *
 * @public
 */
export type DestinationRules = {
  /** Plain http carries the secret in clear text; only for development and tests. */
  allowInsecureHttp: boolean;
};

/**
 * `vault.destinations` from the configuration; plain http is refused unless
 * `vault.destinations.allowInsecureHttp` is true.
 *
 * @public
 */
export function readDestinationRules(
  config: RootConfigService,
): DestinationRules {
  return {
    allowInsecureHttp:
      config.getOptionalBoolean('vault.destinations.allowInsecureHttp') ??
      false,
  };
}

const ENCODED_TRAVERSAL = /%2f|%5c|%2e/i;

/**
 * Why a request URL is not a place a secret may go, or undefined when it is:
 * an http(s) URL (http only when the rules allow it), with no user name or
 * password, and covered by one of `allowed` (see
 * `@opssight/plugin-vault-common`'s `Destination`). Hosts compare exactly
 * (`good.example` does not cover `good.example.evil.com`), a port given must
 * match, and a URL prefix covers only paths under it after `..` is resolved.
 *
 * @public
 */
export function destinationRefusal(
  /** `'anywhere'` checks only the URL itself (a personal credential's owner sends it where they like). */
  allowed: readonly string[] | 'anywhere',
  target: string | URL,
  rules: DestinationRules,
): string | undefined {
  let url: URL;
  try {
    url = new URL(String(target));
  } catch {
    return `'${String(target)}' is not a URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `secrets are sent over https only, not ${url.protocol.replace(
      ':',
      '',
    )}`;
  }
  if (url.protocol === 'http:' && !rules.allowInsecureHttp) {
    return 'secrets are not sent over plain http (vault.destinations.allowInsecureHttp is off); use https';
  }
  if (url.username || url.password) {
    return 'the URL carries a user name or password';
  }
  if (ENCODED_TRAVERSAL.test(url.pathname)) {
    return 'the URL path holds an encoded slash or dot';
  }
  const where = `${url.protocol}//${url.host}${url.pathname}`;
  if (allowed === 'anywhere') {
    return undefined;
  }
  if (allowed.length === 0) {
    return `it is bound to no destination, so it is sent nowhere (asked for ${where})`;
  }
  const hostname = url.hostname.replace(/\.$/, '');
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  const covered = allowed.some(text => {
    const destination = parseDestination(text);
    if (!destination) return false;
    if (destination.type === 'host') {
      return (
        destination.hostname === hostname &&
        (destination.port === null || destination.port === url.port)
      );
    }
    return (
      destination.protocol === url.protocol &&
      destination.host === host &&
      (url.pathname.startsWith(destination.path) ||
        `${url.pathname}/` === destination.path)
    );
  });
  return covered
    ? undefined
    : `${where} is not one of its allowed destinations (${allowed.join(', ')})`;
}
