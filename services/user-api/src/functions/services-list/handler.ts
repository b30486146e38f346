import { listServices, publicService } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { servicesList } from '../../routes';

/** GET /services: the bookable services. */
export const handler = httpHandler({ logger, ...routeOptions(servicesList) }, async () =>
  ok({ services: (await listServices()).map(publicService) }),
);
