// Athena fake: the parts of Amazon Athena's JSON protocol the analytics engine uses, over HTTP, backed
// by DuckDB over local lake files. Like the Messenger simulator for Graph, it lets the deployed-only
// code path (services/admin-api/src/analytics/engines.ts AthenaEngine) run in tests.
//
// Hand-written because no local Athena emulator exists (docs TOOLCHAIN "Athena has no local
// emulator"); DuckDB runs the SQL, this file only speaks the protocol and keeps the query states.
//
// POST / with `X-Amz-Target: AmazonAthena.<Operation>` and an `application/x-amz-json-1.1` body:
//   StartQueryExecution   QueryString, WorkGroup, QueryExecutionContext.Database, ExecutionParameters
//   GetQueryExecution     QUEUED, RUNNING, then SUCCEEDED | FAILED (one state per call), CANCELLED
//   GetQueryResults       the header row first, then rows; MaxResults (≤ 1000) and NextToken pages
//   StopQueryExecution    a query not finished yet becomes CANCELLED
// DDL: `CREATE EXTERNAL TABLE … LOCATION 's3://<bucket>/<prefix>'` creates a DuckDB view over
// `<buckets[bucket]>/<prefix>**/*.ndjson.gz` (hive partitions, columns and types from the DDL); a
// SELECT on a table no DDL created fails like Athena ("Table … does not exist").
// Errors are `{ "__type": "InvalidRequestException", "Message": … }` with status 400, as Athena sends.
//
// In a test: `const fake = await startAthenaFake({ buckets: { name: dir }, pageSize: 2 })`, then an
// AthenaClient with `endpoint: fake.url`. Standalone: `node tools/athena-fake/server.mjs
// --port 4030 --bucket name=dir`.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ATHENA_TO_DUCKDB = {
  string: 'VARCHAR',
  varchar: 'VARCHAR',
  int: 'INTEGER',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  tinyint: 'TINYINT',
  double: 'DOUBLE',
  float: 'FLOAT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
};

/** DuckDB result types as Athena's ColumnInfo names them (what the engine reads to type values). */
function athenaType(duckType) {
  const t = String(duckType).toUpperCase();
  if (/^(BIGINT|HUGEINT|UBIGINT|UINTEGER)$/.test(t)) return 'bigint';
  if (/^(INTEGER|USMALLINT)$/.test(t)) return 'integer';
  if (/^(SMALLINT|UTINYINT)$/.test(t)) return 'smallint';
  if (t === 'TINYINT') return 'tinyint';
  if (/^(DOUBLE|FLOAT)$/.test(t)) return 'double';
  if (t.startsWith('DECIMAL')) return 'decimal';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  return 'varchar';
}

class AthenaError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

/** Replaces each `?` outside string literals with the next execution parameter (Athena's substitution). */
export function substitute(sql, params = []) {
  let out = '';
  let i = 0;
  let quoted = false;
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    if (ch === '?' && !quoted) {
      if (i >= params.length)
        throw new AthenaError(
          'InvalidRequestException',
          'Query has more parameters than ExecutionParameters',
        );
      out += params[i++];
    } else out += ch;
  }
  if (i !== params.length)
    throw new AthenaError(
      'InvalidRequestException',
      'ExecutionParameters has more values than the query has ?',
    );
  return out;
}

function lakeFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...lakeFiles(full));
    else if (/\.ndjson\.gz(\._S3rver_object)?$/.test(name)) out.push(full);
  }
  return out;
}

/** `CREATE EXTERNAL TABLE [IF NOT EXISTS] `t` (cols) PARTITIONED BY (p type) … LOCATION 's3://b/prefix'`. */
function parseCreateTable(sql) {
  const m =
    /^\s*CREATE\s+EXTERNAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\(([\s\S]*?)\)\s*PARTITIONED\s+BY\s*\(([\s\S]*?)\)[\s\S]*?LOCATION\s+'s3:\/\/([^/']+)\/([^']*)'/i.exec(
      sql,
    );
  if (!m) return undefined;
  const cols = (list) =>
    list
      .split(',')
      .map((c) => /`?(\w+)`?\s+(\w+)/.exec(c.trim()))
      .filter(Boolean)
      .map(([, name, type]) => {
        const duck = ATHENA_TO_DUCKDB[type.toLowerCase()];
        if (!duck) throw new AthenaError('InvalidRequestException', `line 1: unsupported type ${type}`);
        return { name, duck };
      });
  return { table: m[1], columns: cols(m[2]), partitions: cols(m[3]), bucket: m[4], prefix: m[5] };
}

/**
 * Starts the fake. Options: `buckets` maps bucket names to local folders; `pageSize` caps a
 * GetQueryResults page (Athena: 1000) so tests see pagination with few rows; `port` (0 = any).
 */
export async function startAthenaFake({ buckets = {}, pageSize = 1000, port = 0 } = {}) {
  // DuckDB is a native addon resolved from the repository root (a root devDependency).
  const req = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'));
  const { DuckDBInstance } = req('@duckdb/node-api');
  /** Per database: table name → the parsed DDL. */
  const catalogs = new Map();
  const executions = new Map();
  const calls = [];

  async function execute(q) {
    const sql = q.sql.trim();
    if (/^CREATE\s+EXTERNAL\s+TABLE/i.test(sql)) {
      const ddl = parseCreateTable(sql);
      if (!ddl) throw new Error('line 1:1: mismatched input in CREATE EXTERNAL TABLE');
      if (!(ddl.bucket in buckets))
        throw new Error(`Bucket ${ddl.bucket} does not exist (fake: not in buckets)`);
      const tables = catalogs.get(q.database) ?? new Map();
      if (!tables.has(ddl.table) || !/IF\s+NOT\s+EXISTS/i.test(sql)) tables.set(ddl.table, ddl);
      catalogs.set(q.database, tables);
      return { statementType: 'DDL', columns: [], rows: [], bytes: 0 };
    }
    const tables = catalogs.get(q.database) ?? new Map();
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      let bytes = 0;
      for (const [name, t] of tables) {
        const files = lakeFiles(path.join(buckets[t.bucket], t.prefix));
        bytes += files.reduce((n, f) => n + statSync(f).size, 0);
        const cols = [...t.columns, ...t.partitions].map((c) => `"${c.name}" ${c.duck}`);
        if (!files.length) {
          await conn.run(`CREATE TABLE "${name}" (${cols.join(', ')})`);
          continue;
        }
        const list = files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ');
        const struct = t.columns.map((c) => `"${c.name}": '${c.duck}'`).join(', ');
        await conn.run(
          `CREATE VIEW "${name}" AS SELECT * FROM read_json([${list}], format = 'newline_delimited', compression = 'gzip', hive_partitioning = true, hive_types_autocast = false, ignore_errors = true, columns = {${struct}})`,
        );
      }
      const reader = await conn.runAndReadAll(sql);
      const names = reader.columnNames();
      const types = reader.columnTypes().map((t) => athenaType(t));
      const rows = reader
        .getRowsJS()
        .map((r) => r.map((v) => (v === null || v === undefined ? null : String(v))));
      return {
        statementType: 'DML',
        columns: names.map((n, i) => ({ name: n, type: types[i] })),
        rows,
        bytes,
      };
    } catch (err) {
      // DuckDB's "Catalog Error: Table with name x does not exist" reads like Athena's own message.
      throw new Error(String(err.message).replace(/^Catalog Error: /, ''));
    } finally {
      conn.closeSync?.();
    }
  }

  const ops = {
    StartQueryExecution(body) {
      if (!body.QueryString) throw new AthenaError('InvalidRequestException', 'QueryString is required');
      const sql = substitute(body.QueryString, body.ExecutionParameters ?? []);
      const id = randomUUID();
      const q = {
        id,
        sql,
        original: body.QueryString,
        workGroup: body.WorkGroup ?? 'primary',
        database: body.QueryExecutionContext?.Database ?? 'default',
        state: 'QUEUED',
        polls: 0,
        submitted: Date.now() / 1000,
      };
      // The statement runs at once; its outcome is revealed after QUEUED and RUNNING were seen.
      q.done = execute(q).then(
        (r) => {
          q.result = r;
        },
        (err) => {
          q.error = String(err.message ?? err);
        },
      );
      executions.set(id, q);
      return { QueryExecutionId: id };
    },
    async GetQueryExecution(body) {
      const q = lookup(body.QueryExecutionId);
      if (q.state === 'QUEUED' || q.state === 'RUNNING') {
        q.polls += 1;
        if (q.polls === 2) q.state = 'RUNNING';
        else if (q.polls > 2) {
          await q.done;
          q.state = q.error ? 'FAILED' : 'SUCCEEDED';
          q.completed = Date.now() / 1000;
        }
      }
      return {
        QueryExecution: {
          QueryExecutionId: q.id,
          Query: q.original,
          StatementType: q.result?.statementType ?? 'DML',
          WorkGroup: q.workGroup,
          QueryExecutionContext: { Database: q.database },
          Status: {
            State: q.state,
            SubmissionDateTime: q.submitted,
            ...(q.completed ? { CompletionDateTime: q.completed } : {}),
            ...(q.state === 'FAILED' ? { StateChangeReason: q.error } : {}),
            ...(q.state === 'CANCELLED' ? { StateChangeReason: 'Query was cancelled by user' } : {}),
          },
          Statistics: { DataScannedInBytes: q.state === 'SUCCEEDED' ? (q.result?.bytes ?? 0) : 0 },
        },
      };
    },
    GetQueryResults(body) {
      const q = lookup(body.QueryExecutionId);
      if (q.state !== 'SUCCEEDED')
        throw new AthenaError(
          'InvalidRequestException',
          `Query has not yet finished. Current state: ${q.state}`,
        );
      const max = body.MaxResults ?? 1000;
      if (max < 1 || max > 1000)
        throw new AthenaError('InvalidRequestException', 'MaxResults must be between 1 and 1000');
      const { columns, rows, statementType } = q.result;
      // Athena's SELECT results start with a row repeating the column names.
      const all = statementType === 'DML' ? [columns.map((c) => c.name), ...rows] : [];
      const start = body.NextToken ? Number(Buffer.from(body.NextToken, 'base64url').toString()) : 0;
      if (!Number.isInteger(start) || start < 0 || start > all.length)
        throw new AthenaError('InvalidRequestException', 'Invalid NextToken');
      const end = Math.min(start + Math.min(max, pageSize), all.length);
      return {
        ResultSet: {
          Rows: all
            .slice(start, end)
            .map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: {
            ColumnInfo: columns.map((c) => ({
              Name: c.name,
              Label: c.name,
              Type: c.type,
              Nullable: 'UNKNOWN',
            })),
          },
        },
        ...(end < all.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}),
        UpdateCount: 0,
      };
    },
    StopQueryExecution(body) {
      const q = lookup(body.QueryExecutionId);
      if (q.state === 'QUEUED' || q.state === 'RUNNING') {
        q.state = 'CANCELLED';
        q.completed = Date.now() / 1000;
      }
      return {};
    },
  };

  function lookup(id) {
    const q = executions.get(id ?? '');
    if (!q) throw new AthenaError('InvalidRequestException', `QueryExecution ${id} was not found`);
    return q;
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith('AmazonAthena.') ? target.slice('AmazonAthena.'.length) : '';
    const reply = (status, body, type) => {
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method !== 'POST' || !ops[op])
        throw new AthenaError('UnknownOperationException', `Unsupported operation ${target || '(none)'}`);
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      calls.push({ op, body });
      reply(200, await ops[op](body));
    } catch (err) {
      const type = err instanceof AthenaError ? err.type : 'InternalServerException';
      reply(
        type === 'InternalServerException' ? 500 : 400,
        { __type: type, Message: String(err.message) },
        type,
      );
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    /** Every operation received, in order: `{ op, body }`. */
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Standalone: node tools/athena-fake/server.mjs [--port 4030] [--page-size N] [--bucket name=dir]…
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(
      'usage: node tools/athena-fake/server.mjs [--port 4030] [--page-size 1000] [--bucket <name>=<dir>]…',
    );
    process.exit(0);
  }
  const buckets = {};
  let port = Number(process.env.ATHENA_FAKE_PORT ?? 4030);
  let pageSize = 1000;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--port') port = Number(args[++i]);
    else if (args[i] === '--page-size') pageSize = Number(args[++i]);
    else if (args[i] === '--bucket') {
      const [name, dir] = String(args[++i]).split('=');
      buckets[name] = path.resolve(dir);
    }
  }
  const fake = await startAthenaFake({ buckets, pageSize, port });
  console.log(`Athena fake on ${fake.url} (buckets: ${Object.keys(buckets).join(', ') || 'none'})`);
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => fake.close().then(() => process.exit(0)));
}
