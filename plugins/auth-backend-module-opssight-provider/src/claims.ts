import { unverifiedTokenClaims } from '@opssight/plugin-access-node';

export { SESSION_CLAIM } from '@opssight/plugin-access-node';

/**
 * The claims of the request's bearer token, read without verifying it: only to
 * find the session claim. Verification stays with each plugin's auth service,
 * so a forged token gains nothing here; it is refused there.
 */
export function unverifiedBearerClaims(
  authorization: string | undefined,
): Record<string, unknown> | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? unverifiedTokenClaims(match[1]) : undefined;
}
