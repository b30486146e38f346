import { recordEvent } from '@bookingbot/common/analytics';
import { httpHandler, noContent } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { revokeSession } from '@bookingbot/common/sessions';

const logger = createLogger('auth-otp');

/** POST /auth/logout (Bearer) → 204: the caller's session is revoked (its refresh token dies too). */
export const handler = httpHandler({ logger, auth: 'user' }, async ({ auth }) => {
  await revokeSession(auth.sessionId, auth.userId, 'logout');
  await recordEvent({ type: 'auth.logout', userId: auth.userId });
  return noContent();
});
