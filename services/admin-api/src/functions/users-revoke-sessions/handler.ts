import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { listSessions, revokeUserSessions } from '@bookingbot/common/sessions';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { usersRevokeSessions } from '../../routes';

const logger = createLogger('admin-users');

/** POST /admin/users/{id}/revoke-sessions — signs the user out everywhere. */
export const handler = httpHandler(
  { logger, ...routeOptions(usersRevokeSessions) },
  async ({ params, body, auth }) => {
    await requireUser(params.id);
    const active = await listSessions(params.id);
    const revoked = await revokeUserSessions(params.id, 'revoked');
    await audit(
      auth,
      'user.revokeSessions',
      { type: 'user', id: params.id },
      { activeSessions: active.map((s) => s.sessionId) },
      { activeSessions: [], revoked },
      body.reason,
    );
    return ok({ revoked });
  },
);
