import { recordEvent } from '@bookingbot/common/analytics';
import { httpHandler, noContent } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { revokeSession } from '@bookingbot/common/sessions';
import { sessionRevoke } from '../../routes';

const logger = createLogger('auth-otp');

/** DELETE /auth/sessions/{id} (Bearer) → 204; another user's or an unknown session → 404. */
export const handler = httpHandler({ logger, ...routeOptions(sessionRevoke) }, async ({ auth, params }) => {
  await revokeSession(params.id, auth.userId, 'revoked');
  await recordEvent({ type: 'auth.logout', userId: auth.userId, props: { scope: 'session' } });
  return noContent();
});
