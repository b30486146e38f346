import { AppError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser, updateUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { adminUserView } from '../../lib/user-view';
import { usersSetRole } from '../../routes';

const logger = createLogger('admin-users');

/**
 * PUT /admin/users/{id}/role {role} — grant or remove admin. Takes effect on the next request (the
 * authorizer requires the role in both the token and the user record). An admin cannot demote
 * themselves (409), so the last admin cannot lock everyone out by accident.
 */
export const handler = httpHandler(
  { logger, ...routeOptions(usersSetRole) },
  async ({ params, body, auth }) => {
    if (params.id === auth.userId && body.role !== 'admin')
      throw new AppError('admin.selfLockout', 'Conflict', {
        detail: 'an admin cannot remove their own admin role',
      });
    const before = await requireUser(params.id);
    const after = await updateUser(params.id, { role: body.role });
    await audit(
      auth,
      'user.setRole',
      { type: 'user', id: params.id },
      { role: before.role },
      { role: after.role },
      body.reason,
    );
    return ok(adminUserView(after));
  },
);
