import { json } from '@bookingbot/common/http';
import type { Role } from '@bookingbot/common/middleware';
import type { Session } from '@bookingbot/common/sessions';
import { signAccessToken } from '@bookingbot/common/tokens';

/**
 * The OAuth-style token response (RFC 6749 §5.1): the pair, `tokenType: Bearer`, `expiresIn` of the
 * access token, and `Cache-Control: no-store` so no proxy or browser cache keeps the tokens.
 */
export async function tokenResponse(session: Session, role: Role, refreshToken: string) {
  const { token, expiresIn } = await signAccessToken({ sub: session.userId, sid: session.sessionId, role });
  return json(
    200,
    {
      accessToken: token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn,
      refreshExpiresAt: new Date(
        Math.min(session.idleExpiresAt, session.absoluteExpiresAt) * 1000,
      ).toISOString(),
    },
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}
