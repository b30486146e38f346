import { cancelAppointment, requireAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { adminActor, appointmentState } from '../../lib/appointment-audit';
import { audit } from '../../lib/audited';
import { appointmentsCancel } from '../../routes';

const logger = createLogger('admin-appointments');

/** POST /admin/appointments/{id}/cancel {reason} — the customer is told by email and Messenger. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsCancel) },
  async ({ params, body, auth }) => {
    const before = await requireAppointment(params.id);
    const after = await cancelAppointment(params.id, {
      actor: adminActor(auth.userId),
      channel: 'admin',
      enforceCutoff: false,
      reason: body.reason,
    });
    await audit(
      auth,
      'appointment.cancel',
      { type: 'appointment', id: params.id },
      appointmentState(before),
      appointmentState(after),
      body.reason,
    );
    return ok(after);
  },
);
