import { bookAppointment, publicAppointment } from '@bookingbot/common/booking';
import { ValidationError } from '@bookingbot/common/errors';
import { created, httpHandler } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { appointmentsCreate } from '../../routes';

/**
 * The prefix the caller's URL has before the route: `/prod` on a default execute-api URL (whose
 * `requestContext.path` includes the stage), '' on a custom domain or locally.
 */
function basePath(event: { path: string; requestContext?: { path?: string } }): string {
  const full = event.requestContext?.path ?? event.path;
  return full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
}

/** Printable ASCII, like the IETF draft's examples (UUIDs, ULIDs, random strings). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * POST /appointments {serviceId, consultantId, start} → 201 with the appointment. With an
 * `Idempotency-Key` header a retry (same key, same body) returns the first result and books
 * nothing new (`Idempotent-Replayed: true`); the same key with another body → 422.
 */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsCreate) },
  async ({ body, auth, headers, event }) => {
    const key = headers['idempotency-key'];
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      throw new ValidationError([
        { field: 'header.idempotency-key', message: 'must be 1-255 printable characters' },
      ]);
    const { appointment, replayed } = await bookAppointment({
      userId: auth.userId,
      serviceId: body.serviceId,
      consultantId: body.consultantId,
      start: body.start,
      channel: 'web',
      actor: { kind: 'user', userId: auth.userId },
      ...(key ? { idempotencyKey: key } : {}),
    });
    return created(publicAppointment(appointment), {
      location: `${basePath(event)}/appointments/${appointment.appointmentId}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
);
