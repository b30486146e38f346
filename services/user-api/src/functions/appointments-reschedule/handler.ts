import { publicAppointment, rescheduleAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { appointmentsReschedule } from '../../routes';

/** POST /appointments/{id}/reschedule {start, consultantId?}: atomic move, until the cut-off. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsReschedule) },
  async ({ params, auth, body }) =>
    ok(
      publicAppointment(
        await rescheduleAppointment(
          params.id,
          { start: body.start, ...(body.consultantId ? { consultantId: body.consultantId } : {}) },
          { userId: auth.userId, actor: { kind: 'user', userId: auth.userId }, channel: 'web' },
        ),
      ),
    ),
);
