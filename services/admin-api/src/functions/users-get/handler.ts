import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { listSessions, sessionView } from '@bookingbot/common/sessions';
import { requireUser } from '@bookingbot/common/users';
import { adminUserView } from '../../lib/user-view';
import { usersGet } from '../../routes';

const logger = createLogger('admin-users');

/** GET /admin/users/{id} — the profile and its active sessions. */
export const handler = httpHandler({ logger, ...routeOptions(usersGet) }, async ({ params }) => {
  const user = await requireUser(params.id);
  const sessions = await listSessions(user.userId);
  return ok({ ...adminUserView(user), sessions: sessions.map(sessionView) });
});
