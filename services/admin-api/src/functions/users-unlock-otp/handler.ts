import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { unlockOtp } from '@bookingbot/common/otp';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { usersUnlockOtp } from '../../routes';

const logger = createLogger('admin-users');

/** POST /admin/users/{id}/unlock-otp — clears a sign-in lockout (too many wrong codes). */
export const handler = httpHandler(
  { logger, ...routeOptions(usersUnlockOtp) },
  async ({ params, body, auth }) => {
    const user = await requireUser(params.id);
    const before = await unlockOtp(user.email);
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
