import { markAppointmentOutcome } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import type { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import type { appointmentsComplete } from '../routes';
import { adminActor, auditedAppointmentChange } from './appointment-audit';

/**
 * POST /admin/appointments/{id}/complete|no-show {note?} — only once the appointment has started.
 * One handler shape for both routes (functions/appointments-complete, appointments-no-show).
 */
export const outcomeHandler = (
  kind: 'completed' | 'no_show',
  spec: typeof appointmentsComplete,
  logger: ReturnType<typeof createLogger>,
) =>
  httpHandler({ logger, ...routeOptions(spec) }, async ({ params, body, auth }) =>
    ok(
      await auditedAppointmentChange(
        auth,
        kind === 'completed' ? 'appointment.complete' : 'appointment.noShow',
        params.id,
        () =>
          markAppointmentOutcome(params.id, kind, {
            actor: adminActor(auth.userId),
            ...(body.note ? { note: body.note } : {}),
          }),
        body.note,
      ),
    ),
  );
