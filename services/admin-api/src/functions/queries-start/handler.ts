import { accepted, httpHandler } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { startReportQuery } from '../../analytics/queries';
import { audit } from '../../lib/audited';
import { queriesStart } from '../../routes';

const logger = createLogger('admin-analytics');

/**
 * POST /admin/analytics/queries {report, from, to, serviceId?, consultantId?, fresh?} → 202
 * {queryId, cached}. An identical query inside the cache window returns the earlier id; `fresh`
 * runs it again (and refreshes the cache).
 */
export const handler = httpHandler({ logger, ...routeOptions(queriesStart) }, async ({ body, auth }) => {
  const { report, fresh, ...params } = body;
  const { queryId, cached } = await startReportQuery(report, params, auth.userId, { fresh });
  if (!cached)
    await audit(auth, 'analytics.query', { type: 'analyticsQuery', id: queryId }, null, { report, params });
  return accepted({ queryId, cached });
});
