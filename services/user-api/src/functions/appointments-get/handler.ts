import { publicAppointment, requireAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { appointmentsGet } from '../../routes';

/** GET /appointments/{id}: the caller's appointment; anyone else's id is a 404. */
export const handler = httpHandler({ logger, ...routeOptions(appointmentsGet) }, async ({ params, auth }) =>
  ok(publicAppointment(await requireAppointment(params.id, auth.userId))),
);
