import { cancelAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { adminActor, auditedAppointmentChange } from '../../lib/appointment-audit';
import { appointmentsCancel } from '../../routes';

const logger = createLogger('admin-appointments');

/** POST /admin/appointments/{id}/cancel {reason} — the customer is told by email and Messenger. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsCancel) },
  async ({ params, body, auth }) =>
    ok(
      await auditedAppointmentChange(
        auth,
        'appointment.cancel',
        params.id,
        () =>
          cancelAppointment(params.id, {
            actor: adminActor(auth.userId),
            channel: 'admin',
            enforceCutoff: false,
            reason: body.reason,
          }),
        body.reason,
      ),
    ),
);
