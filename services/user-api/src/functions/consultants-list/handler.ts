import { listConsultants, publicConsultant } from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { httpHandler, ok } from '@bookingbot/common/http';
import { logger, readLimit } from '../../lib/route';

const query = z.object({ serviceId: z.string().min(1).max(64).optional() });

/** GET /consultants?serviceId=: active consultants, optionally those offering one service. */
export const handler = httpHandler({ logger, query, rateLimit: readLimit }, async ({ query }) =>
  ok({ consultants: (await listConsultants({ serviceId: query.serviceId })).map(publicConsultant) }),
);
