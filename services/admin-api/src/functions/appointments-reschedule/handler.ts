import { rescheduleAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { adminActor, auditedAppointmentChange } from '../../lib/appointment-audit';
import { appointmentsReschedule } from '../../routes';

const logger = createLogger('admin-appointments');

/** POST /admin/appointments/{id}/reschedule {start, consultantId?} — staff ignore the cut-off. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsReschedule) },
  async ({ params, body, auth }) =>
    ok(
      await auditedAppointmentChange(auth, 'appointment.reschedule', params.id, () =>
        rescheduleAppointment(
          params.id,
          { start: body.start, ...(body.consultantId ? { consultantId: body.consultantId } : {}) },
          {
            actor: adminActor(auth.userId),
            channel: 'admin',
            enforceCutoff: false,
            ignoreNotice: body.ignoreNotice,
          },
        ),
      ),
    ),
);
