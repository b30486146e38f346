import { cancelAppointment, publicAppointment } from '@bookingbot/common/booking';
import { ValidationError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { zodIssues } from '@bookingbot/common/middleware';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { appointmentsCancel, cancelBody } from '../../routes';

/** POST /appointments/{id}/cancel [{reason?}]: until the cut-off before the start. The body is optional. */
export const handler = httpHandler(
  { logger, ...routeOptions(appointmentsCancel) },
  async ({ event, params, auth }) => {
    const parsed = cancelBody().safeParse(event.parsedBody ?? {});
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
