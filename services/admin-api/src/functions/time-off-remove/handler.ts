import { removeTimeOff, requireConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { timeOffRemove } from '../../routes';

const logger = createLogger('admin-catalog');

/** DELETE /admin/consultants/{id}/time-off/{timeOffId} — frees the time again (nothing to orphan). */
export const handler = httpHandler({ logger, ...routeOptions(timeOffRemove) }, async ({ params, auth }) => {
  const before = await requireConsultant(params.id);
  const removed = before.timeOff.find((t) => t.timeOffId === params.timeOffId);
  await removeTimeOff(params.id, params.timeOffId);
  await audit(auth, 'consultant.removeTimeOff', { type: 'consultant', id: params.id }, removed ?? null, null);
  return ok({ removed: params.timeOffId });
});
