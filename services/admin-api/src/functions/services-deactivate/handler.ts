import { getService, updateService } from '@bookingbot/common/booking';
import { NotFoundError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { servicesDeactivate } from '../../routes';

const logger = createLogger('admin-catalog');

/** DELETE /admin/services/{id} — deactivates (reversible; history and appointments keep it). */
export const handler = httpHandler(
  { logger, ...routeOptions(servicesDeactivate) },
  async ({ params, auth }) => {
    const before = await getService(params.id);
    if (!before) throw new NotFoundError('service');
    const { serviceId: _id, createdAt: _c, updatedAt: _u, ...input } = before;
    const after = await updateService(params.id, { ...input, active: false });
    await audit(auth, 'service.deactivate', { type: 'service', id: params.id }, before, after);
    return ok(after);
  },
);
