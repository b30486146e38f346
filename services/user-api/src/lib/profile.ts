import type { User } from '@bookingbot/common/users';

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
