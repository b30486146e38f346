import { NotFoundError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { getUser } from '@bookingbot/common/users';
import { profile } from '../../lib/profile';
import { logger } from '../../lib/route';
import { meGet } from '../../routes';

/** GET /me */
export const handler = httpHandler({ logger, ...routeOptions(meGet) }, async ({ auth }) => {
  const user = await getUser(auth.userId);
  if (!user) throw new NotFoundError('user');
  return ok(profile(user));
});
