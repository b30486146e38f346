/**
 * Browser mode of the token routes: the refresh token travels as an `HttpOnly; Secure;
 * SameSite=Strict` cookie instead of the JSON body, so page scripts (and an injected one) never
 * read it. A client asks for it with `"mode": "cookie"` in the body of verify and refresh; JSON
 * mode (the default) stays for API clients and the Messenger flow.
 *
 * The cookie's Path is the refresh route: the browser sends it there and nowhere else (not to the
 * APIs, not to the app's files). Logout (Bearer) clears it with a Set-Cookie on the same path.
 * Because a cookie is sent by the browser on its own, the cookie routes also check `Origin`
 * against SITE_ORIGIN (CSRF, login CSRF): SameSite=Strict already keeps cross-site requests from
 * carrying it; the Origin check covers same-site attackers (another subdomain) and old browsers.
 */
import { csvList, loadConfig } from '@bookingbot/common/config';
import { ForbiddenError } from '@bookingbot/common/errors';

/** `__Secure-`: browsers refuse the cookie unless it is Secure and set over HTTPS (or localhost). */
export const REFRESH_COOKIE = '__Secure-bookingbot-refresh';
export const REFRESH_COOKIE_PATH = '/auth/token/refresh';

let origins: string[] | undefined;
/** SITE_ORIGIN: the site's origin(s), comma-separated (`https://book.example.com`). @default [] */
const siteOrigins = () => {
  origins ??= loadConfig({ SITE_ORIGIN: csvList }).SITE_ORIGIN;
  return origins;
};

/** Refuses (403) a cookie-mode request whose Origin is missing or not the site's. */
export function assertSiteOrigin(headers: Record<string, string | undefined>): void {
  const origin = headers.origin?.toLowerCase();
  if (!origin || !siteOrigins().includes(origin))
    throw new ForbiddenError('Browser sign-in is accepted only from the site origin (Origin header)');
}

/** The refresh token presented as the cookie, if any. */
export function refreshTokenFromCookie(headers: Record<string, string | undefined>): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === REFRESH_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Set-Cookie carrying the refresh token until the session's refresh expiry. */
export function refreshCookie(token: string, expiresAt: Date, now = new Date()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${REFRESH_COOKIE}=${token}; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`;
}

/** Set-Cookie removing the refresh cookie (logout). */
export const clearedRefreshCookie = () =>
  `${REFRESH_COOKIE}=; Path=${REFRESH_COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict`;
