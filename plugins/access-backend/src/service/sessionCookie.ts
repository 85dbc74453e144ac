/**
 * The cookie that carries a local user's session id. The sign-in provider sets
 * it (HttpOnly, Secure, SameSite=Lax, Path=/api) so that /api/access/me/password
 * can keep the session a password change is made from.
 */
export const SESSION_COOKIE = 'opssight-session';
