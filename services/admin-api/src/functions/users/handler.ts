import { AppError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { unlockOtp as clearOtpLockout } from '@bookingbot/common/otp';
import { routeOptions } from '@bookingbot/common/routes';
import { listSessions, revokeUserSessions, sessionView } from '@bookingbot/common/sessions';
import { requireUser, searchUsers, type User, updateUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import {
  usersBlock,
  usersGet,
  usersRevokeSessions,
  usersSearch,
  usersSetRole,
  usersUnblock,
  usersUnlockOtp,
} from '../../routes';

const logger = createLogger('admin-users');

/** The fields an admin sees (everything on the profile; no secrets live there). */
const view = (u: User) => ({
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

/** GET /admin/users?query=&cursor=&limit= — by email prefix or name fragment. */
export const search = httpHandler({ logger, ...routeOptions(usersSearch) }, async ({ query }) => {
  const page = await searchUsers(query.query, query.limit, decodeCursor(query.cursor));
  return ok({ items: page.users.map(view), nextCursor: encodeCursor(page.next) ?? null });
});

/** GET /admin/users/{id} — the profile and its active sessions. */
export const getOne = httpHandler({ logger, ...routeOptions(usersGet) }, async ({ params }) => {
  const user = await requireUser(params.id);
  const sessions = await listSessions(user.userId);
  return ok({ ...view(user), sessions: sessions.map(sessionView) });
});

/**
 * POST /admin/users/{id}/block — the authorizer denies a blocked user's tokens (403) on every API,
 * the bot stops serving them, and their sessions are revoked so refresh tokens die too.
 */
export const block = httpHandler({ logger, ...routeOptions(usersBlock) }, async ({ params, body, auth }) => {
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
  return ok({ ...view(after), sessionsRevoked: revoked });
});

/** POST /admin/users/{id}/unblock */
export const unblock = httpHandler(
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
    return ok(view(after));
  },
);

/** POST /admin/users/{id}/revoke-sessions — signs the user out everywhere. */
export const revokeSessions = httpHandler(
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

/**
 * PUT /admin/users/{id}/role {role} — grant or remove admin. Takes effect on the next request (the
 * authorizer requires the role in both the token and the user record). An admin cannot demote
 * themselves (409), so the last admin cannot lock everyone out by accident.
 */
export const setRole = httpHandler(
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
    return ok(view(after));
  },
);

/** POST /admin/users/{id}/unlock-otp — clears a sign-in lockout (too many wrong codes). */
export const unlockOtp = httpHandler(
  { logger, ...routeOptions(usersUnlockOtp) },
  async ({ params, body, auth }) => {
    const user = await requireUser(params.id);
    const before = await clearOtpLockout(user.email);
    const result = { wasLocked: before?.locked ?? false, failedAttempts: before?.attempts ?? 0 };
    await audit(
      auth,
      'user.unlockOtp',
      { type: 'user', id: params.id },
      before ?? null,
      { attempts: 0, locked: false },
      body.reason,
    );
    return ok(result);
  },
);
