import { bookAppointment, publicAppointment } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { ValidationError } from '@bookingbot/common/errors';
import { created, httpHandler } from '@bookingbot/common/http';
import { instant, logger, writeLimit } from '../../lib/route';

const body = z.object({
  serviceId: z.string().min(1).max(64),
  consultantId: z.string().min(1).max(64),
  start: instant,
});

/** Printable ASCII, like the IETF draft's examples (UUIDs, ULIDs, random strings). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * POST /appointments {serviceId, consultantId, start} → 201 with the appointment. With an
 * `Idempotency-Key` header a retry (same key, same body) returns the first result and books
 * nothing new (`Idempotent-Replayed: true`); the same key with another body → 422.
 */
export const handler = httpHandler(
  { logger, body, rateLimit: writeLimit },
  async ({ body, auth, headers }) => {
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
      location: `/appointments/${appointment.appointmentId}`,
      ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
    });
  },
);
