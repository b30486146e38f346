import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { LAKE_COLUMNS, LAKE_PARTITION } from '@bookingbot/common/analytics';
import { eventsTableDdl } from './ddl';

export type QueryStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
export type Row = Record<string, string | number | boolean | null>;

export interface QueryOutcome {
  status: QueryStatus;
  rows?: Row[];
  bytesScanned?: number;
  /** Why a query failed (safe to show: engine messages about our own SQL, never data). */
  error?: string;
}

/** Where named report SQL runs: Athena when deployed, DuckDB over the local lake files. */
export interface QueryEngine {
  readonly name: 'athena' | 'duckdb';
  /** Starts a statement; engines that finish synchronously return the outcome too. */
  start(sql: string, params: string[]): Promise<{ engineQueryId: string; outcome?: QueryOutcome }>;
  poll(engineQueryId: string): Promise<QueryOutcome>;
}

/** Most rows a report returns (every report is an aggregate; a year of days is 366). */
export const MAX_ROWS = 1000;

const NUMERIC = new Set(['tinyint', 'smallint', 'integer', 'bigint', 'double', 'float', 'real', 'decimal']);

/** Athena in a dedicated workgroup (bytes-scanned cutoff, result location and encryption enforced). */
export class AthenaEngine implements QueryEngine {
  readonly name = 'athena';
  private tableReady: Promise<void> | undefined;

  constructor(
    private readonly opts: { workGroup: string; database: string; bucket: string },
    private readonly client = new AthenaClient({}),
  ) {}

  /** Runs the table DDL once per container (IF NOT EXISTS; DDL is free). */
  private ensureTable(): Promise<void> {
    this.tableReady ??= (async () => {
      const id = await this.submit(eventsTableDdl({ bucket: this.opts.bucket }), []);
      for (let i = 0; i < 40; i++) {
        const out = await this.poll(id);
        if (out.status === 'SUCCEEDED') return;
        if (out.status === 'FAILED' || out.status === 'CANCELLED')
          throw new Error(`events table DDL failed: ${out.error}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('events table DDL did not finish in 10 s');
    })().catch((err) => {
      this.tableReady = undefined;
      throw err;
    });
    return this.tableReady;
  }

  private async submit(sql: string, params: string[]): Promise<string> {
    const out = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: this.opts.workGroup,
        QueryExecutionContext: { Database: this.opts.database },
        // Athena substitutes parameters as SQL literals: strings travel quoted (values are
        // validated by the report's schema before they get here; quotes are doubled regardless).
        ...(params.length ? { ExecutionParameters: params.map((p) => `'${p.replaceAll("'", "''")}'`) } : {}),
      }),
    );
    if (!out.QueryExecutionId) throw new Error('Athena returned no QueryExecutionId');
    return out.QueryExecutionId;
  }

  async start(sql: string, params: string[]) {
    await this.ensureTable();
    return { engineQueryId: await this.submit(sql, params) };
  }

  async poll(engineQueryId: string): Promise<QueryOutcome> {
    const exec = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: engineQueryId }));
    const state = (exec.QueryExecution?.Status?.State ?? 'QUEUED') as QueryStatus;
    const bytesScanned = exec.QueryExecution?.Statistics?.DataScannedInBytes ?? 0;
    if (state === 'FAILED' || state === 'CANCELLED')
      return { status: state, bytesScanned, error: exec.QueryExecution?.Status?.StateChangeReason ?? state };
    if (state !== 'SUCCEEDED') return { status: state, bytesScanned };
    const rows: Row[] = [];
    let columns: { name: string; numeric: boolean }[] = [];
    let token: string | undefined;
    let header = true;
    do {
      const page = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: engineQueryId, NextToken: token, MaxResults: 1000 }),
      );
      if (!columns.length)
        columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => ({
          name: c.Name ?? '',
          numeric: NUMERIC.has((c.Type ?? '').toLowerCase()),
        }));
      for (const r of page.ResultSet?.Rows ?? []) {
        if (header) {
          header = false; // the first row of a SELECT's results repeats the column names
          continue;
        }
        const row: Row = {};
        (r.Data ?? []).forEach((d, i) => {
          const col = columns[i];
          if (!col) return;
          const v = d.VarCharValue;
          row[col.name] = v === undefined ? null : col.numeric ? Number(v) : v;
        });
        rows.push(row);
      }
      token = page.NextToken;
    } while (token && rows.length < MAX_ROWS);
    return { status: 'SUCCEEDED', rows: rows.slice(0, MAX_ROWS), bytesScanned };
  }
}

interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string, params?: string[]): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
  closeSync?(): void;
}

/** Files of the lake folder: plain `*.ndjson.gz` or S3 local's `*.ndjson.gz._S3rver_object`. */
export function lakeFiles(lakeDir: string): string[] {
  const root = path.join(lakeDir, 'events');
  let days: string[];
  try {
    days = readdirSync(root).filter((d) => d.startsWith('dt='));
  } catch {
    return [];
  }
  return days.flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('.ndjson.gz') || f.endsWith('.ndjson.gz._S3rver_object'))
      .map((f) => path.join(root, d, f)),
  );
}

/** The `events` view over local files, with the same columns and `dt` string as the Athena table. */
export function duckdbEventsView(files: string[]): string {
  const cols = LAKE_COLUMNS.map((c) => `${c.name} ${c.duckdb}`);
  if (!files.length) return `CREATE TABLE events (${[...cols, `${LAKE_PARTITION.name} VARCHAR`].join(', ')})`;
  const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
  const struct = LAKE_COLUMNS.map((c) => `${c.name}: '${c.duckdb}'`).join(', ');
  return `CREATE VIEW events AS SELECT * FROM read_json([${list}], format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, hive_types_autocast = false, columns = {${struct}})`;
}

const jsonValue = (v: unknown): Row[string] => {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
};

/**
 * DuckDB over the lake folder (locally S3 local's bucket directory): the same report SQL, run
 * synchronously, so `npm run dev` answers reports with no AWS account. `bytesScanned` is the size
 * of the files read (what Athena would bill, before its 10 MB minimum).
 */
export class DuckDbEngine implements QueryEngine {
  readonly name = 'duckdb';
  constructor(private readonly lakeDir: string) {}

  async start(sql: string, params: string[]) {
    const files = lakeFiles(this.lakeDir);
    // Loaded at run time from the repository (native addon, never bundled: it exists only locally).
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    const { DuckDBInstance } = req('@duckdb/node-api') as {
      DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> };
    };
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    let outcome: QueryOutcome;
    try {
      await conn.run(duckdbEventsView(files));
      const reader = await conn.runAndReadAll(sql, params);
      const rows = reader
        .getRowObjects()
        .slice(0, MAX_ROWS)
        .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, jsonValue(v)])));
      const { statSync } = await import('node:fs');
      const bytesScanned = files.reduce((n, f) => n + statSync(f).size, 0);
      outcome = { status: 'SUCCEEDED', rows, bytesScanned };
    } catch (err) {
      outcome = { status: 'FAILED', error: (err as Error).message };
    } finally {
      conn.closeSync?.();
    }
    return { engineQueryId: randomUUID(), outcome };
  }

  async poll(): Promise<QueryOutcome> {
    // Local queries finish inside start(); their outcome is stored with the query.
    return { status: 'FAILED', error: 'local query outcome not found' };
  }
}
