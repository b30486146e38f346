import { listConsultants } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { consultantsList } from '../../routes';

const logger = createLogger('admin-catalog');

/** GET /admin/consultants?includeInactive= — every consultant (inactive ones too by default). */
export const handler = httpHandler({ logger, ...routeOptions(consultantsList) }, async ({ query }) =>
  ok({
    items: await listConsultants({ includeInactive: query.includeInactive === 'true' }),
    nextCursor: null,
  }),
);
