import { timeZoneSchema } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { updateUser } from '@bookingbot/common/users';
import { logger, writeLimit } from '../../lib/route';
import { profile } from '../me-get/handler';

const locale = z
  .string()
  .max(35)
  .refine((l) => {
    try {
      return Intl.getCanonicalLocales(l).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag such as en-GB')
  .transform((l) => Intl.getCanonicalLocales(l)[0] as string);

const body = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    timeZone: timeZoneSchema.optional(),
    locale: locale.optional(),
  })
  .refine(
    (b) => Object.values(b).some((v) => v !== undefined),
    'give at least one of name, timeZone, locale',
  );

/** PATCH /me {name?, timeZone?, locale?} */
export const handler = httpHandler({ logger, body, rateLimit: writeLimit }, async ({ auth, body }) =>
  ok(profile(await updateUser(auth.userId, body))),
);
