import { requireConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { scheduleGet } from '../../routes';

const logger = createLogger('admin-catalog');

/** GET /admin/consultants/{id}/schedule — weekly hours, zone and time off. */
export const handler = httpHandler({ logger, ...routeOptions(scheduleGet) }, async ({ params }) => {
  const c = await requireConsultant(params.id);
  return ok({
    consultantId: c.consultantId,
    timeZone: c.timeZone,
    weeklyHours: c.weeklyHours,
    timeOff: c.timeOff,
    version: c.version,
  });
});
