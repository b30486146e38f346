import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { listSessions, sessionView } from '@bookingbot/common/sessions';
import { sessionsList } from '../../routes';

const logger = createLogger('auth-otp');

/** GET /auth/sessions (Bearer) → the caller's active sessions, newest first, the current one marked. */
export const handler = httpHandler({ logger, ...routeOptions(sessionsList) }, async ({ auth }) => {
  const sessions = await listSessions(auth.userId);
  return ok({
    sessions: sessions.map((s) => ({ ...sessionView(s), current: s.sessionId === auth.sessionId })),
  });
});
