import { accepted, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { getReportQuery, startReportQuery } from '../../analytics/queries';
import { REPORT_NAMES, REPORTS } from '../../analytics/reports';
import { audit } from '../../lib/audited';
import { queriesGet, queriesStart, reportsList } from '../../routes';

const logger = createLogger('admin-analytics');

/** GET /admin/analytics/reports — the named reports a client may run, with their descriptions. */
export const listReports = httpHandler({ logger, ...routeOptions(reportsList) }, async () =>
  ok({ items: REPORT_NAMES.map((name) => ({ name, description: REPORTS[name].description })) }),
);

/**
 * POST /admin/analytics/queries {report, from, to, serviceId?, consultantId?, fresh?} → 202
 * {queryId, cached}. An identical query inside the cache window returns the earlier id; `fresh`
 * runs it again (and refreshes the cache).
 */
export const startQuery = httpHandler({ logger, ...routeOptions(queriesStart) }, async ({ body, auth }) => {
  const { report, fresh, ...params } = body;
  const { queryId, cached } = await startReportQuery(report, params, auth.userId, { fresh });
  if (!cached)
    await audit(auth, 'analytics.query', { type: 'analyticsQuery', id: queryId }, null, { report, params });
  return accepted({ queryId, cached });
});

/** GET /admin/analytics/queries/{queryId} → {status, rows, bytesScanned}. */
export const getQuery = httpHandler({ logger, ...routeOptions(queriesGet) }, async ({ params }) => {
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
