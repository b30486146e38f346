import { listServices } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { servicesList } from '../../routes';

const logger = createLogger('admin-catalog');

/** GET /admin/services?includeInactive= — every service (inactive ones too by default). */
export const handler = httpHandler({ logger, ...routeOptions(servicesList) }, async ({ query }) =>
  ok({ items: await listServices({ includeInactive: query.includeInactive === 'true' }), nextCursor: null }),
);
