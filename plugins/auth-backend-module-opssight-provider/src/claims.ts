/** The token claim naming the local session a Backstage token was issued for. */
export const SESSION_CLAIM = 'opssight_sid';

/**
 * The claims of the request's bearer token, read without verifying it: only to
 * find the session claim. Verification stays with each plugin's auth service,
 * so a forged token gains nothing here; it is refused there.
 */
export function unverifiedBearerClaims(
  authorization: string | undefined,
): Record<string, unknown> | undefined {
  const match = /^Bearer\s+([^.\s]+)\.([^.\s]+)\.[^.\s]*$/i.exec(
    authorization ?? '',
  );
  if (!match) {
    return undefined;
  }
  try {
    const claims = JSON.parse(Buffer.from(match[2], 'base64url').toString());
    return claims && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}
