import { listUserAppointments, publicAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { appointmentsList } from '../../routes';

/** GET /appointments?status=&cursor=&limit=&order=: the caller's own appointments by start time. */
export const handler = httpHandler({ logger, ...routeOptions(appointmentsList) }, async ({ query, auth }) => {
  const page = await listUserAppointments(auth.userId, {
    limit: query.limit,
    order: query.order,
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return ok({ items: page.items.map(publicAppointment), nextCursor: page.cursor ?? null });
});
