import { APPOINTMENT_STATUSES, listUserAppointments, publicAppointment } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { logger, readLimit } from '../../lib/route';

const query = z.object({
  status: z.enum(APPOINTMENT_STATUSES).optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
});

/** GET /appointments?status=&cursor=&limit=&order=: the caller's own appointments by start time. */
export const handler = httpHandler({ logger, query, rateLimit: readLimit }, async ({ query, auth }) => {
  const page = await listUserAppointments(auth.userId, {
    limit: query.limit,
    order: query.order,
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  return ok({ appointments: page.items.map(publicAppointment), cursor: page.cursor ?? null });
});
