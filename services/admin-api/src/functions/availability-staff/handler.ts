import { getAvailability, staffBookingPolicy } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { availabilityStaff } from '../../routes';

const logger = createLogger('admin-appointments');

/**
 * GET /admin/availability?serviceId=&date=|from=&to=[&consultantId=][&timeZone=] — free slots under
 * the staff rules (no minimum notice), day by day; each day is in `timeZone`, else in each
 * consultant's own zone (as for customers).
 */
export const handler = httpHandler({ logger, ...routeOptions(availabilityStaff) }, async ({ query }) => {
  const from = query.date ?? (query.from as string);
  const to = query.date ?? query.to ?? from;
  const days: string[] = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000)
    days.push(new Date(d).toISOString().slice(0, 10));
  const policy = staffBookingPolicy();
  const perDay = await Promise.all(
    days.map((date) =>
      getAvailability({
        serviceId: query.serviceId,
        date,
        policy,
        ...(query.consultantId ? { consultantId: query.consultantId } : {}),
        ...(query.timeZone ? { timeZone: query.timeZone } : {}),
      }),
    ),
  );
  return ok({ from, to, timeZone: query.timeZone ?? null, slots: perDay.flat() });
});
