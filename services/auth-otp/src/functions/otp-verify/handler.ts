import { httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { verifyOtp } from '@bookingbot/common/otp';
import { routeOptions } from '@bookingbot/common/routes';
import { createSession } from '@bookingbot/common/sessions';
import { assertSiteOrigin } from '../../refresh-cookie';
import { otpVerify } from '../../routes';
import { tokenResponse } from '../../token-response';

const logger = createLogger('auth-otp');

/**
 * POST /auth/otp/verify {email, code, mode?} → 200 with a token pair and a new session (with
 * `mode: "cookie"` the refresh token is set as an HttpOnly cookie instead, site Origin only). A wrong, expired,
 * used or never-requested code is the same 401; a locked email 429 + Retry-After.
 */
export const handler = httpHandler({ logger, ...routeOptions(otpVerify) }, async ({ body, ip, headers }) => {
  // Browser mode: refused before the code is looked at, so a forged request spends nothing.
  const cookie = body.mode === 'cookie';
  if (cookie) assertSiteOrigin(headers);
  const { user } = await verifyOtp({ email: body.email, code: body.code, ip, channel: 'email' });
  const { session, refreshToken } = await createSession({
    userId: user.userId,
    channel: 'email',
    ...(headers['user-agent'] ? { userAgent: headers['user-agent'] } : {}),
  });
  logger.info('signed in', { sessionId: session.sessionId });
  return tokenResponse(session, user.role, refreshToken, { cookie });
});
