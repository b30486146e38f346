import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { updateUser } from '@bookingbot/common/users';
import { profile } from '../../lib/profile';
import { logger } from '../../lib/route';
import { mePatch } from '../../routes';

/** PATCH /me {name?, timeZone?, locale?} */
export const handler = httpHandler({ logger, ...routeOptions(mePatch) }, async ({ auth, body }) =>
  ok(profile(await updateUser(auth.userId, body))),
);
