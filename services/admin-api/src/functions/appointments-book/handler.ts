import { bookAppointment } from '@bookingbot/common/booking';
import { created, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { requireUser } from '@bookingbot/common/users';
import { adminActor, appointmentState } from '../../lib/appointment-audit';
import { audit } from '../../lib/audited';
import { appointmentsBook } from '../../routes';

const logger = createLogger('admin-appointments');

/**
 * POST /admin/appointments {userId, serviceId, consultantId, start, ignoreNotice?} — books on a
 * customer's behalf (same double-booking guarantees; optional `Idempotency-Key` header). The
 * customer gets the usual confirmation.
 */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsBook) },
  async ({ body, auth, headers }) => {
    await requireUser(body.userId);
    const key = headers['idempotency-key'];
    const { appointment, replayed } = await bookAppointment({
      ...body,
      channel: 'admin',
      actor: adminActor(auth.userId),
      ...(key ? { idempotencyKey: `admin:${auth.userId}:${key}` } : {}),
    });
    if (!replayed)
      await audit(auth, 'appointment.book', { type: 'appointment', id: appointment.appointmentId }, null, {
        ...appointmentState(appointment),
        userId: appointment.userId,
      });
    return replayed
      ? ok(appointment)
      : created(appointment, { location: `/admin/appointments/${appointment.appointmentId}` });
  },
);
