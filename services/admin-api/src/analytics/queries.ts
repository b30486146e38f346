import { createHash } from 'node:crypto';
import { loadConfig } from '@bookingbot/common/config';
import { NotFoundError } from '@bookingbot/common/errors';
import {
  cachedReportRun,
  dropReportCache,
  getReportRun,
  putReportCache,
  putReportRun,
  updateReportRun,
} from '@bookingbot/common/reports';
import * as z from '@bookingbot/common/schema';
import { AthenaEngine, DuckDbEngine, type QueryEngine, type QueryOutcome } from './engines';
import { REPORTS, type ReportName, type ReportParams } from './reports';

/**
 * Report queries: start (202 + id) and poll, so a slow Athena query never holds an API Gateway
 * connection (29 s limit). The run and cache items are owned by `@bookingbot/common/reports`
 * (run: report, params, engine id, status, rows once finished; cache: sha256(report, params) →
 * queryId). Identical queries inside the cache window share one execution (and one bill).
 */
const cfg = loadConfig({
  ANALYTICS_ENGINE: z._default(z.enum(['athena', 'duckdb']), 'athena'),
  ANALYTICS_LAKE_DIR: z.optional(z.string()),
  ATHENA_WORKGROUP: z._default(z.string(), 'bookingbot-local-analytics'),
  ATHENA_DATABASE: z._default(z.string(), 'bookingbot_local'),
  EVENT_BUCKET: z._default(z.string(), 'bookingbot-local-events'),
  /** Seconds an identical query returns the cached result. @default 300 */
  ANALYTICS_CACHE_TTL_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 300),
});

let engine: QueryEngine | undefined;
export function queryEngine(): QueryEngine {
  if (!engine) {
    if (cfg.ANALYTICS_ENGINE === 'duckdb') {
      if (!cfg.ANALYTICS_LAKE_DIR)
        throw new Error('ANALYTICS_LAKE_DIR is required with ANALYTICS_ENGINE=duckdb');
      engine = new DuckDbEngine(cfg.ANALYTICS_LAKE_DIR);
    } else {
      engine = new AthenaEngine({
        workGroup: cfg.ATHENA_WORKGROUP,
        database: cfg.ATHENA_DATABASE,
        bucket: cfg.EVENT_BUCKET,
      });
    }
  }
  return engine;
}
/** Replaces the engine (tests). */
export function setQueryEngine(e: QueryEngine | undefined): void {
  engine = e;
}

export interface ReportQuery {
  queryId: string;
  report: ReportName;
  params: ReportParams;
  engine: 'athena' | 'duckdb';
  engineQueryId: string;
  status: QueryOutcome['status'];
  rows?: QueryOutcome['rows'];
  bytesScanned?: number;
  error?: string;
  createdBy: string;
  createdAt: string;
  finishedAt?: string;
  /** The cache entry pointing at this query (dropped if the query fails). */
  cacheHash?: string;
}

/** The cache key of a report run: the report name and its parameters in a canonical order. */
export function queryHash(report: ReportName, params: ReportParams): string {
  const canonical = JSON.stringify([report, Object.entries(params).sort(([a], [b]) => a.localeCompare(b))]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Starts a named report (or returns the id of an identical one started within the cache window,
 * unless `fresh`).
 * @returns the query id and whether it came from the cache
 */
export async function startReportQuery(
  report: ReportName,
  params: ReportParams,
  createdBy: string,
  { fresh = false, now = new Date() }: { fresh?: boolean; now?: Date } = {},
): Promise<{ queryId: string; cached: boolean }> {
  const hash = queryHash(report, params);
  if (!fresh) {
    const hit = await cachedReportRun(hash, now);
    if (hit) return { queryId: hit, cached: true };
  }
  const def = REPORTS[report];
  const e = queryEngine();
  const { engineQueryId, outcome } = await e.start(def.sql, def.bind(params));
  // The Athena execution id is the public id (poll needs no lookup); local runs get a uuid.
  const queryId = engineQueryId;
  const item: ReportQuery = {
    queryId,
    report,
    params,
    engine: e.name,
    engineQueryId,
    status: outcome?.status ?? 'QUEUED',
    ...(outcome ? finished(outcome, now) : {}),
    createdBy,
    createdAt: now.toISOString(),
    cacheHash: hash,
  };
  await putReportRun(queryId, { ...item }, now);
  if (cfg.ANALYTICS_CACHE_TTL_SECONDS > 0 && outcome?.status !== 'FAILED')
    await putReportCache(hash, queryId, cfg.ANALYTICS_CACHE_TTL_SECONDS, now);
  return { queryId, cached: false };
}

function finished(o: QueryOutcome, now: Date): Partial<ReportQuery> {
  return {
    status: o.status,
    ...(o.rows ? { rows: o.rows } : {}),
    ...(o.bytesScanned !== undefined ? { bytesScanned: o.bytesScanned } : {}),
    ...(o.error ? { error: o.error } : {}),
    ...(o.status === 'SUCCEEDED' || o.status === 'FAILED' || o.status === 'CANCELLED'
      ? { finishedAt: now.toISOString() }
      : {}),
  };
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * The state of a query started here (ids not started by `startReportQuery` are 404: this never
 * reads arbitrary Athena executions). A finished outcome is stored, so later polls cost no Athena
 * call.
 */
export async function getReportQuery(queryId: string, now = new Date()): Promise<ReportQuery> {
  const stored = await getReportRun(queryId);
  if (!stored) throw new NotFoundError('query');
  const query = stored as unknown as ReportQuery;
  if (TERMINAL.has(query.status)) return query;
  const outcome = await queryEngine().poll(query.engineQueryId);
  const patch = finished(outcome, now);
  if (TERMINAL.has(outcome.status)) {
    await updateReportRun(queryId, patch);
    // A failed run must not be served from the cache: the next identical request runs again.
    if (outcome.status !== 'SUCCEEDED' && query.cacheHash) await dropReportCache(query.cacheHash);
  }
  return { ...query, ...patch };
}
