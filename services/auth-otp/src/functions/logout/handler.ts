import { recordEvent } from '@bookingbot/common/analytics';
import { httpHandler, noContent } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { revokeSession } from '@bookingbot/common/sessions';
import { clearedRefreshCookie } from '../../refresh-cookie';
import { logout } from '../../routes';

const logger = createLogger('auth-otp');

/** POST /auth/logout (Bearer) → 204: the caller's session is revoked (its refresh token dies too). */
export const handler = httpHandler({ logger, ...routeOptions(logout) }, async ({ auth }) => {
  await revokeSession(auth.sessionId, auth.userId, 'logout');
  await recordEvent({ type: 'auth.logout', userId: auth.userId });
  // Clears the browser-mode refresh cookie too (harmless for API clients, which have none).
  return { ...noContent(), headers: { 'set-cookie': clearedRefreshCookie() } };
});
