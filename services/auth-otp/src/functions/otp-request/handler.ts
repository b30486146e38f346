import { z } from '@bookingbot/common/config';
import { accepted, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { requestOtp } from '@bookingbot/common/otp';

const logger = createLogger('auth-otp');

export const body = z.object({ email: z.email().max(254) });

/**
 * POST /auth/otp/request {email} → 202 for every well-formed address, known or not (sign-up is
 * implicit). 429 + Retry-After when throttled, capped or locked; 503 + Retry-After when SES fails.
 */
export const handler = httpHandler({ logger, auth: 'none', body }, async ({ body, ip }) => {
  const result = await requestOtp({ email: body.email, ip, channel: 'email' });
  return accepted(result);
});
