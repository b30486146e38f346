import { json } from '@bookingbot/common/http';
import type { Role } from '@bookingbot/common/middleware';
import type { Session } from '@bookingbot/common/sessions';
import { signAccessToken } from '@bookingbot/common/tokens';
import { refreshCookie } from './refresh-cookie';

/**
 * The OAuth-style token response (RFC 6749 §5.1): the pair, `tokenType: Bearer`, `expiresIn` of the
 * access token, and `Cache-Control: no-store` so no proxy or browser cache keeps the tokens.
 */
export async function tokenResponse(
  session: Session,
  role: Role,
  refreshToken: string,
  { cookie = false }: { cookie?: boolean } = {},
) {
  const { token, expiresIn } = await signAccessToken({ sub: session.userId, sid: session.sessionId, role });
  const refreshExpiresAt = new Date(Math.min(session.idleExpiresAt, session.absoluteExpiresAt) * 1000);
  return json(
    200,
    {
      accessToken: token,
      // Browser mode: the refresh token goes only into the HttpOnly cookie, never the body.
      ...(cookie ? {} : { refreshToken }),
      tokenType: 'Bearer',
      expiresIn,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
    },
    {
      'cache-control': 'no-store',
      pragma: 'no-cache',
      ...(cookie ? { 'set-cookie': refreshCookie(refreshToken, refreshExpiresAt) } : {}),
    },
  );
}
