import { createService } from '@bookingbot/common/booking';
import { created, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { servicesCreate } from '../../routes';

const logger = createLogger('admin-catalog');

/** POST /admin/services — creates a service. */
export const handler = httpHandler({ logger, ...routeOptions(servicesCreate) }, async ({ body, auth }) => {
  const service = await createService(body);
  await audit(auth, 'service.create', { type: 'service', id: service.serviceId }, null, service);
  return created(service, { location: `/admin/services/${service.serviceId}` });
});
