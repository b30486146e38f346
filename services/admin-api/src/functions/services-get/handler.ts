import { getService } from '@bookingbot/common/booking';
import { NotFoundError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { servicesGet } from '../../routes';

const logger = createLogger('admin-catalog');

/** GET /admin/services/{id} */
export const handler = httpHandler({ logger, ...routeOptions(servicesGet) }, async ({ params }) => {
  const service = await getService(params.id);
  if (!service) throw new NotFoundError('service');
  return ok(service);
});
