import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AthenaClient, StopQueryExecutionCommand } from '@aws-sdk/client-athena';
import { type AnalyticsEvent, buildEvent, encodeBatch } from '@bookingbot/common/analytics';
import {
  AthenaEngine,
  DuckDbEngine,
  type QueryOutcome,
} from '../../services/admin-api/src/analytics/engines';
import { REPORTS, reportParams } from '../../services/admin-api/src/analytics/reports';

/**
 * The deployed analytics path (AthenaEngine: table DDL, StartQueryExecution with parameters, polling,
 * paginated GetQueryResults, FAILED and CANCELLED) against tools/athena-fake, which speaks Athena's
 * JSON protocol and runs the SQL on DuckDB over lake files written by the real encoder. The fake
 * pages 2 rows at a time, so a 5-day report needs 3 pages.
 */
// Child processes and DuckDB on a loaded 2-core machine: generous time, no speed claim here.
jest.setTimeout(60_000);
const ROOT = path.resolve(__dirname, '../..');
const BUCKET = 'bookingbot-test-events';
const lakeDir = mkdtempSync(path.join(tmpdir(), 'athena-fake-'));
let fake: ChildProcess;
let client: AthenaClient;
const commands: { name: string; queryId?: string }[] = [];

const days = ['2031-03-01', '2031-03-02', '2031-03-03', '2031-03-04', '2031-03-05'];
const events: AnalyticsEvent[] = days.flatMap((day, d) =>
  Array.from({ length: d + 2 }, (_, i) =>
    buildEvent({
      type: 'booking.booked',
      now: new Date(`${day}T0${i % 10}:15:00.000Z`),
      userId: `user-${d}-${i}`,
      props: { serviceId: `svc-${i % 2}`, consultantId: 'con-1', channel: 'api' },
    }),
  ),
);

beforeAll(async () => {
  // Arrange: the lake as S3 would hold it (events/dt=…/….ndjson.gz), and the fake over it.
  for (const o of encodeBatch(events)) {
    mkdirSync(path.dirname(path.join(lakeDir, o.key)), { recursive: true });
    writeFileSync(path.join(lakeDir, o.key), o.body);
  }
  fake = spawn(
    process.execPath,
    ['tools/athena-fake/server.mjs', '--port', '0', '--page-size', '2', '--bucket', `${BUCKET}=${lakeDir}`],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    fake.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Athena fake on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    fake.once('exit', (code) => reject(new Error(`athena fake exited with ${code}`)));
  });
  client = new AthenaClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { QueryExecutionId?: string };
      commands.push({ name: String(context.commandName), queryId: input.QueryExecutionId });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

afterAll(() => {
  fake?.kill();
  rmSync(lakeDir, { recursive: true, force: true });
});

const newEngine = () =>
  new AthenaEngine(
    { workGroup: 'bookingbot-test-analytics', database: 'bookingbot_test', bucket: BUCKET },
    client,
  );

/** Polls like the analytics handler does, recording every state seen. */
async function pollToEnd(
  engine: AthenaEngine,
  id: string,
): Promise<{ states: string[]; outcome: QueryOutcome }> {
  const states: string[] = [];
  for (let i = 0; i < 20; i++) {
    const outcome = await engine.poll(id);
    states.push(outcome.status);
    if (!['QUEUED', 'RUNNING'].includes(outcome.status)) return { states, outcome };
  }
  throw new Error(`query ${id} never finished: ${states.join(', ')}`);
}

describe('the Athena engine against the Athena fake', () => {
  it('It should create the table, run a report through QUEUED and RUNNING and read every page of results', async () => {
    // Arrange
    const engine = newEngine();
    const report = REPORTS.bookingsPerDay;
    const params = report.bind(reportParams().parse({ from: days[0], to: days[4] }));
    commands.length = 0;

    // Act
    const { engineQueryId } = await engine.start(report.sql, params);
    const { states, outcome } = await pollToEnd(engine, engineQueryId);

    // Assert: same rows as the local engine over the same files, typed (bookings is a number)
    expect(states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(outcome.rows).toEqual(days.map((day, d) => ({ day, bookings: d + 2 })));
    const local = await new DuckDbEngine(lakeDir).start(report.sql, params);
    expect(outcome.rows).toEqual(local.outcome?.rows);
    expect(outcome.bytesScanned).toBeGreaterThan(0);
    // header + 5 rows at 2 per page = 3 pages; the DDL ran first and only once
    const pages = commands.filter((c) => c.name === 'GetQueryResultsCommand' && c.queryId === engineQueryId);
    expect(pages).toHaveLength(3);
    expect(commands.filter((c) => c.name === 'StartQueryExecutionCommand')).toHaveLength(2);
  });

  it('It should run the table DDL once per engine', async () => {
    // Arrange
    const engine = newEngine();
    const params = (name: keyof typeof REPORTS) =>
      REPORTS[name].bind(reportParams().parse({ from: days[0], to: days[4] }));
    commands.length = 0;

    // Act
    const a = await engine.start(REPORTS.bookingsPerService.sql, params('bookingsPerService'));
    const b = await engine.start(REPORTS.cancellationRates.sql, params('cancellationRates'));
    const [ra, rb] = [await pollToEnd(engine, a.engineQueryId), await pollToEnd(engine, b.engineQueryId)];

    // Assert
    expect(commands.filter((c) => c.name === 'StartQueryExecutionCommand')).toHaveLength(3);
    expect(ra.outcome.rows).toEqual([
      { service_id: 'svc-0', bookings: 11 },
      { service_id: 'svc-1', bookings: 9 },
    ]);
    expect(rb.outcome.rows?.[0]).toMatchObject({ booked: 20, cancelled: 0 });
  });

  it('It should report FAILED with the engine message for SQL Athena rejects', async () => {
    // Arrange
    const engine = newEngine();

    // Act
    const { engineQueryId } = await engine.start('SELECT no_such_column FROM events', []);
    const { states, outcome } = await pollToEnd(engine, engineQueryId);

    // Assert
    expect(states.at(-1)).toBe('FAILED');
    expect(outcome.rows).toBeUndefined();
    expect(outcome.error).toMatch(/no_such_column/);
  });

  it('It should report CANCELLED for a query stopped before it finished', async () => {
    // Arrange
    const engine = newEngine();
    const { engineQueryId } = await engine.start('SELECT count(*) AS n FROM events', []);

    // Act
    await client.send(new StopQueryExecutionCommand({ QueryExecutionId: engineQueryId }));
    const { states, outcome } = await pollToEnd(engine, engineQueryId);

    // Assert
    expect(states).toEqual(['CANCELLED']);
    expect(outcome.error).toMatch(/cancel/i);
  });
});
