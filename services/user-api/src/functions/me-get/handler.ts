import { NotFoundError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { getUser, type User } from '@bookingbot/common/users';
import { logger, readLimit } from '../../lib/route';

/** The caller's profile as the API shows it (the PSID itself stays internal). */
export const profile = (u: User) => ({
  userId: u.userId,
  email: u.email,
  name: u.name ?? null,
  timeZone: u.timeZone ?? null,
  locale: u.locale ?? null,
  role: u.role,
  messengerLinked: Boolean(u.psid),
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

/** GET /me */
export const handler = httpHandler({ logger, rateLimit: readLimit }, async ({ auth }) => {
  const user = await getUser(auth.userId);
  if (!user) throw new NotFoundError('user');
  return ok(profile(user));
});
