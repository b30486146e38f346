import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser, updateUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { adminUserView } from '../../lib/user-view';
import { usersUnblock } from '../../routes';

const logger = createLogger('admin-users');

/** POST /admin/users/{id}/unblock */
export const handler = httpHandler(
  { logger, ...routeOptions(usersUnblock) },
  async ({ params, body, auth }) => {
    const before = await requireUser(params.id);
    const after = await updateUser(params.id, { blocked: false });
    await audit(
      auth,
      'user.unblock',
      { type: 'user', id: params.id },
      { blocked: before.blocked },
      { blocked: false },
      body.reason,
    );
    return ok(adminUserView(after));
  },
);
