import { requireConsultant, updateConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { resolveOrphans } from '../../lib/orphans';
import { consultantsUpdate } from '../../routes';

const logger = createLogger('admin-catalog');

/**
 * PUT /admin/consultants/{id} — replaces profile, services, zone, hours and active flag. A change
 * that would orphan booked appointments follows `onConflict` (refuse by default).
 */
export const handler = httpHandler(
  { logger, ...routeOptions(consultantsUpdate) },
  async ({ params, body, auth }) => {
    const { onConflict, cancelReason, expectedVersion, ...input } = body;
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(
      params.id,
      {
        weeklyHours: input.weeklyHours,
        timeZone: input.timeZone,
        serviceIds: input.serviceIds,
        active: input.active,
      },
      { onConflict, cancelReason },
      auth,
    );
    const after = await updateConsultant(params.id, input, expectedVersion);
    await audit(auth, 'consultant.update', { type: 'consultant', id: params.id }, before, {
      ...after,
      cancelledAppointments: cancelled,
    });
    return ok({ ...after, cancelledAppointments: cancelled });
  },
);
