import { recordEvent } from '@bookingbot/common/analytics';
import { AppError } from '@bookingbot/common/errors';
import { httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { revokeSession, rotateRefreshToken } from '@bookingbot/common/sessions';
import { getUser } from '@bookingbot/common/users';
import { assertSiteOrigin, refreshTokenFromCookie } from '../../refresh-cookie';
import { tokenRefresh } from '../../routes';
import { tokenResponse } from '../../token-response';

const logger = createLogger('auth-otp');

/**
 * POST /auth/token/refresh {refreshToken} | {mode: "cookie"} (the refresh cookie, site Origin only)
 * → 200 with a new pair (rotation on every use). The role
 * is read from the user record, so a grant or demotion applies at the next refresh; a blocked
 * user's session is revoked.
 */
export const handler = httpHandler({ logger, ...routeOptions(tokenRefresh) }, async ({ body, headers }) => {
  const cookie = body.mode === 'cookie';
  if (cookie) assertSiteOrigin(headers);
  const presented = cookie ? refreshTokenFromCookie(headers) : body.refreshToken;
  if (!presented)
    throw new AppError('auth.invalidRefreshToken', 'Invalid refresh token', { detail: 'No refresh cookie' });
  const { session, refreshToken } = await rotateRefreshToken(presented);
  const user = await getUser(session.userId);
  if (!user || user.blocked) {
    await revokeSession(session.sessionId, session.userId, 'blocked');
    throw new AppError('auth.userBlocked', 'Forbidden', { detail: 'This account is blocked' });
  }
  await recordEvent({
    type: 'auth.token.refreshed',
    userId: user.userId,
    props: { channel: session.channel },
  });
  return tokenResponse(session, user.role, refreshToken, { cookie });
});
