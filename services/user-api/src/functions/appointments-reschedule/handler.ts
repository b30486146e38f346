import { publicAppointment, rescheduleAppointment } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { idParam, instant, logger, writeLimit } from '../../lib/route';

const body = z.object({ start: instant, consultantId: z.string().min(1).max(64).optional() });

/** POST /appointments/{id}/reschedule {start, consultantId?}: atomic move, until the cut-off. */
export const handler = httpHandler(
  { logger, path: idParam, body, rateLimit: writeLimit },
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
