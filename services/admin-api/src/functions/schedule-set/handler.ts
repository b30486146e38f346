import { requireConsultant, updateConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { consultantInput } from '../../lib/consultant-input';
import { resolveOrphans } from '../../lib/orphans';
import { scheduleSet } from '../../routes';

const logger = createLogger('admin-catalog');

/** PUT /admin/consultants/{id}/schedule {weeklyHours, timeZone?} — orphan policy applies. */
export const handler = httpHandler(
  { logger, ...routeOptions(scheduleSet) },
  async ({ params, body, auth }) => {
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(
      params.id,
      { weeklyHours: body.weeklyHours, ...(body.timeZone ? { timeZone: body.timeZone } : {}) },
      body,
      auth,
    );
    const after = await updateConsultant(
      params.id,
      {
        ...consultantInput(before),
        weeklyHours: body.weeklyHours,
        ...(body.timeZone ? { timeZone: body.timeZone } : {}),
      },
      before.version,
    );
    const view = { timeZone: after.timeZone, weeklyHours: after.weeklyHours };
    await audit(
      auth,
      'consultant.setSchedule',
      { type: 'consultant', id: params.id },
      { timeZone: before.timeZone, weeklyHours: before.weeklyHours },
      { ...view, cancelledAppointments: cancelled },
    );
    return ok({
      consultantId: after.consultantId,
      ...view,
      timeOff: after.timeOff,
      version: after.version,
      cancelledAppointments: cancelled,
    });
  },
);
