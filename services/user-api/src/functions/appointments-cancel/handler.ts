import { cancelAppointment, publicAppointment } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { ValidationError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { zodIssues } from '@bookingbot/common/middleware';
import { idParam, logger, writeLimit } from '../../lib/route';

const body = z.object({ reason: z.string().trim().max(500).optional() });

/** POST /appointments/{id}/cancel [{reason?}]: until the cut-off before the start. The body is optional. */
export const handler = httpHandler(
  { logger, path: idParam, rateLimit: writeLimit },
  async ({ event, params, auth }) => {
    const parsed = body.safeParse(event.parsedBody ?? {});
    if (!parsed.success) throw new ValidationError(zodIssues('body', parsed.error));
    const appointment = await cancelAppointment(params.id, {
      userId: auth.userId,
      actor: { kind: 'user', userId: auth.userId },
      channel: 'web',
      ...(parsed.data.reason ? { reason: parsed.data.reason } : {}),
    });
    return ok(publicAppointment(appointment));
  },
);
