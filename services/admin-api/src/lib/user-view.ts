import type { User } from '@bookingbot/common/users';

/** The fields an admin sees of a user (everything on the profile; no secrets live there). */
export const adminUserView = (u: User) => ({
  userId: u.userId,
  email: u.email,
  name: u.name ?? null,
  role: u.role,
  blocked: u.blocked,
  psidLinked: Boolean(u.psid),
  timeZone: u.timeZone ?? null,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});
