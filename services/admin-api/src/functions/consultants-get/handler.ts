import { requireConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { consultantsGet } from '../../routes';

const logger = createLogger('admin-catalog');

/** GET /admin/consultants/{id} */
export const handler = httpHandler({ logger, ...routeOptions(consultantsGet) }, async ({ params }) =>
  ok(await requireConsultant(params.id)),
);
