import { z } from '@bookingbot/common/config';
import { accepted, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { getReportQuery, startReportQuery } from '../../analytics/queries';
import { REPORT_NAMES, REPORTS, reportParams } from '../../analytics/reports';
import { audit } from '../../lib/audited';
import { router } from '../../lib/router';

const logger = createLogger('admin-analytics');

/** GET /admin/analytics/reports — the named reports a client may run, with their descriptions. */
const listReports = httpHandler({ logger, auth: 'admin' }, async () =>
  ok({ items: REPORT_NAMES.map((name) => ({ name, description: REPORTS[name].description })) }),
);

/**
 * POST /admin/analytics/queries {report, from, to, serviceId?, consultantId?, fresh?} → 202
 * {queryId, cached}. An identical query inside the cache window returns the earlier id; `fresh`
 * runs it again (and refreshes the cache).
 */
const startQuery = httpHandler(
  {
    logger,
    auth: 'admin',
    body: z.intersection(
      z.object({ report: z.enum(REPORT_NAMES), fresh: z.boolean().default(false) }),
      reportParams,
    ),
    // Each uncached run is billed by Athena: a generous per-admin cap stops a runaway script.
    rateLimit: { name: 'admin-analytics', limit: 60, windowSeconds: 60 },
  },
  async ({ body, auth }) => {
    const { report, fresh, ...params } = body;
    const { queryId, cached } = await startReportQuery(report, params, auth.userId, { fresh });
    if (!cached)
      await audit(auth, 'analytics.query', { type: 'analyticsQuery', id: queryId }, null, { report, params });
    return accepted({ queryId, cached });
  },
);

/** GET /admin/analytics/queries/{queryId} → {status, rows, bytesScanned}. */
const getQuery = httpHandler(
  {
    logger,
    auth: 'admin',
    path: z.object({ queryId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'not a query id') }),
  },
  async ({ params }) => {
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
  },
);

export const handler = router({
  'GET /admin/analytics/reports': listReports,
  'POST /admin/analytics/queries': startQuery,
  'GET /admin/analytics/queries/{queryId}': getQuery,
});
