import { publicAppointment, requireAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { idParam, logger, readLimit } from '../../lib/route';

/** GET /appointments/{id}: the caller's appointment; anyone else's id is a 404. */
export const handler = httpHandler(
  { logger, path: idParam, rateLimit: readLimit },
  async ({ params, auth }) => ok(publicAppointment(await requireAppointment(params.id, auth.userId))),
);
