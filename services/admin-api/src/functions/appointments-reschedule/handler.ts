import { requireAppointment, rescheduleAppointment } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { adminActor, appointmentState } from '../../lib/appointment-audit';
import { audit } from '../../lib/audited';
import { appointmentsReschedule } from '../../routes';

const logger = createLogger('admin-appointments');

/** POST /admin/appointments/{id}/reschedule {start, consultantId?} — staff ignore the cut-off. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsReschedule) },
  async ({ params, body, auth }) => {
    const before = await requireAppointment(params.id);
    const after = await rescheduleAppointment(
      params.id,
      { start: body.start, ...(body.consultantId ? { consultantId: body.consultantId } : {}) },
      {
        actor: adminActor(auth.userId),
        channel: 'admin',
        enforceCutoff: false,
        ignoreNotice: body.ignoreNotice,
      },
    );
    await audit(
      auth,
      'appointment.reschedule',
      { type: 'appointment', id: params.id },
      appointmentState(before),
      appointmentState(after),
    );
    return ok(after);
  },
);
