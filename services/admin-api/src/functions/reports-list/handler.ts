import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { REPORT_NAMES, REPORTS } from '../../analytics/reports';
import { reportsList } from '../../routes';

const logger = createLogger('admin-analytics');

/** GET /admin/analytics/reports — the named reports a client may run, with their descriptions. */
export const handler = httpHandler({ logger, ...routeOptions(reportsList) }, async () =>
  ok({ items: REPORT_NAMES.map((name) => ({ name, description: REPORTS[name].description })) }),
);
