import { requireAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { appointmentsGet } from '../../routes';

const logger = createLogger('admin-appointments');

/** GET /admin/appointments/{id} */
export const handler = httpHandler({ logger, ...routeOptions(appointmentsGet) }, async ({ params }) =>
  ok(await requireAppointment(params.id)),
);
