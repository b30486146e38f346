import { AppError } from '@bookingbot/common/errors';
import type { User } from '@bookingbot/common/users';

/** The customer's Messenger PSID; 409 `messenger.notLinked` when they have not linked Messenger. */
export function requirePsid(user: User): string {
  if (!user.psid)
    throw new AppError('messenger.notLinked', 'Conflict', {
      detail: 'this customer has not linked Messenger; there is no conversation to read or write',
    });
  return user.psid;
}
