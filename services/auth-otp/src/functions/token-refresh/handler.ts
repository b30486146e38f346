import { recordEvent } from '@bookingbot/common/analytics';
import { z } from '@bookingbot/common/config';
import { AppError } from '@bookingbot/common/errors';
import { httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { revokeSession, rotateRefreshToken } from '@bookingbot/common/sessions';
import { getUser } from '@bookingbot/common/users';
import { tokenResponse } from '../../token-response';

const logger = createLogger('auth-otp');

export const body = z.object({ refreshToken: z.string().min(1).max(200) });

/**
 * POST /auth/token/refresh {refreshToken} → 200 with a new pair (rotation on every use). The role
 * is read from the user record, so a grant or demotion applies at the next refresh; a blocked
 * user's session is revoked.
 */
export const handler = httpHandler(
  { logger, auth: 'none', body, rateLimit: { name: 'auth-refresh-ip', limit: 600, windowSeconds: 60 } },
  async ({ body }) => {
    const { session, refreshToken } = await rotateRefreshToken(body.refreshToken);
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
    return tokenResponse(session, user.role, refreshToken);
  },
);
