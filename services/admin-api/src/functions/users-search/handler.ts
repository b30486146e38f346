import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { searchUsers } from '@bookingbot/common/users';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { adminUserView } from '../../lib/user-view';
import { usersSearch } from '../../routes';

const logger = createLogger('admin-users');

/** GET /admin/users?query=&cursor=&limit= — by email prefix or name fragment. */
export const handler = httpHandler({ logger, ...routeOptions(usersSearch) }, async ({ query }) => {
  const page = await searchUsers(query.query, query.limit, decodeCursor(query.cursor));
  return ok({ items: page.users.map(adminUserView), nextCursor: encodeCursor(page.next) ?? null });
});
