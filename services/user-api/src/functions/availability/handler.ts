import { getAvailability } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { getUser } from '@bookingbot/common/users';
import { logger } from '../../lib/route';
import { availability } from '../../routes';

/**
 * GET /availability?serviceId=&date=YYYY-MM-DD[&consultantId=][&timeZone=]. `date` is a day in
 * `timeZone`, else in the caller's profile zone, else in each consultant's own zone.
 */
export const handler = httpHandler({ logger, ...routeOptions(availability) }, async ({ query, auth }) => {
  const timeZone = query.timeZone ?? (await getUser(auth.userId))?.timeZone;
  const slots = await getAvailability({
    serviceId: query.serviceId,
    date: query.date,
    ...(query.consultantId ? { consultantId: query.consultantId } : {}),
    ...(timeZone ? { timeZone } : {}),
  });
  return ok({ date: query.date, timeZone: timeZone ?? null, slots });
});
