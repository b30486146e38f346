import { addTimeOff, requireConsultant } from '@bookingbot/common/booking';
import { created, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { resolveOrphans } from '../../lib/orphans';
import { timeOffAdd } from '../../routes';

const logger = createLogger('admin-catalog');

/** POST /admin/consultants/{id}/time-off {start, end, reason?} — orphan policy applies. */
export const handler = httpHandler(
  { logger, ...routeOptions(timeOffAdd) },
  async ({ params, body, auth }) => {
    const before = await requireConsultant(params.id);
    const range = { start: body.start, end: body.end, ...(body.reason ? { reason: body.reason } : {}) };
    const cancelled = await resolveOrphans(
      params.id,
      {
        timeOff: [
          ...before.timeOff.map((t) => ({ start: t.start, end: t.end })),
          { start: body.start, end: body.end },
        ],
      },
      body,
      auth,
    );
    const { timeOff } = await addTimeOff(params.id, range);
    await audit(auth, 'consultant.addTimeOff', { type: 'consultant', id: params.id }, null, {
      ...timeOff,
      cancelledAppointments: cancelled,
    });
    return created({ ...timeOff, cancelledAppointments: cancelled });
  },
);
