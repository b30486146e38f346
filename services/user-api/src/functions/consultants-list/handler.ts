import { listConsultants, publicConsultant } from '@bookingbot/common/booking';
import { httpHandler, ok } from '@bookingbot/common/http';
import { routeOptions } from '@bookingbot/common/routes';
import { logger } from '../../lib/route';
import { consultantsList } from '../../routes';

/** GET /consultants?serviceId=: active consultants, optionally those offering one service. */
export const handler = httpHandler({ logger, ...routeOptions(consultantsList) }, async ({ query }) =>
  ok({ consultants: (await listConsultants({ serviceId: query.serviceId })).map(publicConsultant) }),
);
