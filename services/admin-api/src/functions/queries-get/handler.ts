import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { getReportQuery } from '../../analytics/queries';
import { queriesGet } from '../../routes';

const logger = createLogger('admin-analytics');

/** GET /admin/analytics/queries/{queryId} → {status, rows, bytesScanned}. */
export const handler = httpHandler({ logger, ...routeOptions(queriesGet) }, async ({ params }) => {
  const q = await getReportQuery(params.queryId);
  return ok({
    queryId: q.queryId,
    report: q.report,
    params: q.params,
    status: q.status,
    rows: q.status === 'SUCCEEDED' ? (q.rows ?? []) : null,
    bytesScanned: q.bytesScanned ?? null,
    ...(q.error ? { error: q.error } : {}),
    createdAt: q.createdAt,
    finishedAt: q.finishedAt ?? null,
  });
});
