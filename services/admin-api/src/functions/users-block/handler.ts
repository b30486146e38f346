import { AppError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { revokeUserSessions } from '@bookingbot/common/sessions';
import { requireUser, updateUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { adminUserView } from '../../lib/user-view';
import { usersBlock } from '../../routes';

const logger = createLogger('admin-users');

/**
 * POST /admin/users/{id}/block — the authorizer denies a blocked user's tokens (403) on every API,
 * the bot stops serving them, and their sessions are revoked so refresh tokens die too.
 */
export const handler = httpHandler(
  { logger, ...routeOptions(usersBlock) },
  async ({ params, body, auth }) => {
    if (params.id === auth.userId)
      throw new AppError('admin.selfLockout', 'Conflict', { detail: 'an admin cannot block themselves' });
    const before = await requireUser(params.id);
    const after = await updateUser(params.id, { blocked: true });
    const revoked = await revokeUserSessions(params.id, 'blocked');
    await audit(
      auth,
      'user.block',
      { type: 'user', id: params.id },
      { blocked: before.blocked },
      { blocked: true, sessionsRevoked: revoked },
      body.reason,
    );
    return ok({ ...adminUserView(after), sessionsRevoked: revoked });
  },
);
