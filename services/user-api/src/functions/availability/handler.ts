import { getAvailability, isoDateSchema, timeZoneSchema } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { getUser } from '@bookingbot/common/users';
import { logger, readLimit } from '../../lib/route';

const query = z.object({
  serviceId: z.string().min(1).max(64),
  date: isoDateSchema,
  consultantId: z.string().min(1).max(64).optional(),
  timeZone: timeZoneSchema.optional(),
});

/**
 * GET /availability?serviceId=&date=YYYY-MM-DD[&consultantId=][&timeZone=]. `date` is a day in
 * `timeZone`, else in the caller's profile zone, else in each consultant's own zone.
 */
export const handler = httpHandler({ logger, query, rateLimit: readLimit }, async ({ query, auth }) => {
  const timeZone = query.timeZone ?? (await getUser(auth.userId))?.timeZone;
  const slots = await getAvailability({
    serviceId: query.serviceId,
    date: query.date,
    ...(query.consultantId ? { consultantId: query.consultantId } : {}),
    ...(timeZone ? { timeZone } : {}),
  });
  return ok({ date: query.date, timeZone: timeZone ?? null, slots });
});
