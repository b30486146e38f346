import { listServices, publicService } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { logger, readLimit } from '../../lib/route';

/** GET /services: the bookable services. */
export const handler = httpHandler({ logger, rateLimit: readLimit }, async () =>
  ok({ services: (await listServices()).map(publicService) }),
);
