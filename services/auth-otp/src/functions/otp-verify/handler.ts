import { z } from '@bookingbot/common/config';
import { httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { verifyOtp } from '@bookingbot/common/otp';
import { createSession } from '@bookingbot/common/sessions';
import { tokenResponse } from '../../token-response';

const logger = createLogger('auth-otp');

export const body = z.object({
  email: z.email().max(254),
  code: z.string().regex(/^\d{6}$/, 'six digits'),
});

/**
 * POST /auth/otp/verify {email, code} → 200 with a token pair and a new session. A wrong, expired,
 * used or never-requested code is the same 401; a locked email 429 + Retry-After.
 */
export const handler = httpHandler({ logger, auth: 'none', body }, async ({ body, ip, headers }) => {
  const { user } = await verifyOtp({ email: body.email, code: body.code, ip, channel: 'email' });
  const { session, refreshToken } = await createSession({
    userId: user.userId,
    channel: 'email',
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'] } : {}),
  });
  logger.info('signed in', { sessionId: session.sessionId });
  return tokenResponse(session, user.role, refreshToken);
});
