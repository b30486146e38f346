import { accepted, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { requestOtp } from '@bookingbot/common/otp';
import { routeOptions } from '@bookingbot/common/routes';
import { otpRequest } from '../../routes';

const logger = createLogger('auth-otp');

/**
 * POST /auth/otp/request {email} → 202 for every well-formed address, known or not (sign-up is
 * implicit). 429 + Retry-After when throttled, capped or locked; 503 + Retry-After when SES fails.
 */
export const handler = httpHandler({ logger, ...routeOptions(otpRequest) }, async ({ body, ip }) => {
  const result = await requestOtp({ email: body.email, ip, channel: 'email' });
  return accepted(result);
});
