import { requireConsultant, updateConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { consultantInput } from '../../lib/consultant-input';
import { resolveOrphans } from '../../lib/orphans';
import { consultantsDeactivate } from '../../routes';

const logger = createLogger('admin-catalog');

/** DELETE /admin/consultants/{id} — deactivates; booked appointments follow `onConflict` (query). */
export const handler = httpHandler(
  { logger, ...routeOptions(consultantsDeactivate) },
  async ({ params, query, auth }) => {
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(params.id, { active: false }, query, auth);
    const after = await updateConsultant(
      params.id,
      { ...consultantInput(before), active: false },
      before.version,
    );
    await audit(auth, 'consultant.deactivate', { type: 'consultant', id: params.id }, before, {
      ...after,
      cancelledAppointments: cancelled,
    });
    return ok({ ...after, cancelledAppointments: cancelled });
  },
);
