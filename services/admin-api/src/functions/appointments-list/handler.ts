import { type Appointment, listAppointments } from '@bookingbot/common/booking';
import { loadConfig } from '@bookingbot/common/config';
import { ValidationError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { listWindow } from '../../lib/window';
import { appointmentsList } from '../../routes';

const logger = createLogger('admin-appointments');

/** Whole-day windows are days of the business (the zone the chatbot and the staff work in). */
const config = loadConfig({ BUSINESS_TIME_ZONE: z._default(z.string(), 'Asia/Ho_Chi_Minh') });

/**
 * GET /admin/appointments?from=&to=&consultantId=&status=&userId=&cursor=&limit= — by start time.
 * `from`/`to` are plain dates (whole days in the business time zone) or instants; the default is
 * today + 7 days. The range is at most 93 days (the booking module reads month buckets); the cursor
 * carries the last `start#id` returned, so pages stay stable while appointments are added. The
 * answer echoes the window it used.
 */
export const handler = httpHandler({ logger, ...routeOptions(appointmentsList) }, async ({ query }) => {
  const window = listWindow(query, config.BUSINESS_TIME_ZONE);
  const after = decodeCursor(query.cursor)?.after;
  if (after !== undefined && typeof after !== 'string')
    throw new ValidationError([{ field: 'query.cursor', message: 'invalid cursor' }]);
  const all = await listAppointments({
    from: window.from,
    to: window.to,
    ...(query.consultantId ? { consultantId: query.consultantId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  });
  const sortKey = (a: Appointment) => `${a.start}#${a.appointmentId}`;
  const rest = after ? all.filter((a) => sortKey(a) > after) : all;
  const page = rest.slice(0, query.limit);
  const last = page.at(-1);
  return ok({
    items: page,
    nextCursor: rest.length > page.length && last ? encodeCursor({ after: sortKey(last) }) : null,
    ...window,
  });
});
