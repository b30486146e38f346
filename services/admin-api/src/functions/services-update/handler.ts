import { getService, updateService } from '@bookingbot/common/booking';
import { NotFoundError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { servicesUpdate } from '../../routes';

const logger = createLogger('admin-catalog');

/**
 * PUT /admin/services/{id} — replaces the service. Deactivating (`active: false`) stops new
 * bookings; booked appointments keep their copy of its name and duration and still happen.
 */
export const handler = httpHandler(
  { logger, ...routeOptions(servicesUpdate) },
  async ({ params, body, auth }) => {
    const before = await getService(params.id);
    if (!before) throw new NotFoundError('service');
    const after = await updateService(params.id, body);
    await audit(auth, 'service.update', { type: 'service', id: params.id }, before, after);
    return ok(after);
  },
);
