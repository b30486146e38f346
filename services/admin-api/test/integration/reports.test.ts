import { randomUUID } from 'node:crypto';
import {
  type AnalyticsEvent,
  buildEvent,
  type EventType,
  writeEventBatch,
} from '@bookingbot/common/analytics';
import { DuckDbEngine } from '../../src/analytics/engines';
import { REPORT_NAMES, REPORTS, type ReportName, reportParams } from '../../src/analytics/reports';
import { apiEvent, ctx, dispatch as handler } from './api-event';

/**
 * Report correctness: events go through the real writer into S3 local, the report SQL runs on
 * DuckDB over S3 local's files (the local engine), and every report must equal a count made
 * directly from the events written. Each run uses its own far-future days, so the shared lake's
 * other events fall outside the range.
 */
// DuckDB reads every lake file of the shared test bucket per query; on a loaded 2-core machine three
// queries in one test took over Jest's default 5 s.
jest.setTimeout(30_000);

const lakeDir = process.env.ANALYTICS_LAKE_DIR as string;
const bucket = process.env.EVENT_BUCKET as string;

const day0 = new Date(Date.UTC(2040 + Math.floor(Math.random() * 50), Math.floor(Math.random() * 12), 1));
const dayIso = (offset: number) => new Date(day0.getTime() + offset * 86400000).toISOString().slice(0, 10);
const from = dayIso(0);
const to = dayIso(2);
const tag = randomUUID().slice(0, 8);
const services = [`svc-a-${tag}`, `svc-b-${tag}`];
const consultants = [`con-a-${tag}`, `con-b-${tag}`, `con-c-${tag}`];

/** A small deterministic generator, so a failure is reproducible from the printed seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
const seed = Math.floor(Math.random() * 1e9);
const rand = rng(seed);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

function at(dayOffset: number): Date {
  const ms = Math.floor(rand() * 86400000);
  return new Date(day0.getTime() + dayOffset * 86400000 + ms);
}

const events: AnalyticsEvent[] = [];
function add(
  type: EventType,
  dayOffset: number,
  extra: { psid?: string; userId?: string; props?: AnalyticsEvent['props'] } = {},
) {
  const e = buildEvent({ type, now: at(dayOffset), ...extra });
  events.push(e);
  return e;
}

beforeAll(async () => {
  // Arrange: a mixed day-by-day history, plus one event outside the range (must not be counted).
  const psids = Array.from({ length: 12 }, (_, i) => `psid-${tag}-${i}`);
  for (let d = 0; d <= 2; d++) {
    for (const psid of psids.slice(d * 3, d * 3 + 5))
      add('messenger.conversation.started', d, {
        psid,
        // Some conversations name the (linked) user, matching web bookings by user instead of PSID.
        ...(rand() < 0.5 ? { userId: `user-${tag}-${Math.floor(rand() * 10)}` } : {}),
      });
    for (let i = 0; i < 4 + Math.floor(rand() * 6); i++) {
      const viaBot = rand() < 0.6;
      add('booking.booked', d, {
        userId: `user-${tag}-${i}`,
        ...(viaBot ? { psid: pick(psids) } : {}),
        props: {
          serviceId: pick(services),
          consultantId: pick(consultants),
          channel: viaBot ? 'messenger' : 'api',
        },
      });
    }
    for (let i = 0; i < Math.floor(rand() * 4); i++)
      add('booking.cancelled', d, { props: { serviceId: pick(services), reason: 'customer' } });
    for (let i = 0; i < Math.floor(rand() * 3); i++) add('booking.completed', d);
    for (let i = 0; i < Math.floor(rand() * 3); i++) add('booking.noShow', d);
    for (let i = 0; i < 3 + Math.floor(rand() * 8); i++)
      add('messenger.message.received', d, { psid: pick(psids) });
    for (let i = 0; i < 2 + Math.floor(rand() * 8); i++)
      add('messenger.message.sent', d, { psid: pick(psids) });
    for (let i = 0; i < 3 + Math.floor(rand() * 5); i++) add('auth.otp.requested', d);
    for (let i = 0; i < 1 + Math.floor(rand() * 3); i++) add('auth.otp.verified', d);
    for (let i = 0; i < Math.floor(rand() * 4); i++) add('auth.otp.failed', d);
    for (let i = 0; i < Math.floor(rand() * 2); i++) add('auth.otp.locked', d);
  }
  const outside = buildEvent({ type: 'booking.booked', now: new Date(day0.getTime() + 3 * 86400000 + 1000) });
  // Three batches as the stream would deliver them, and one event delivered twice (a retry that
  // split differently): reports must count it once.
  const third = Math.ceil(events.length / 3);
  await writeEventBatch(events.slice(0, third), bucket);
  await writeEventBatch(events.slice(third, 2 * third), bucket);
  await writeEventBatch([...events.slice(2 * third), outside], bucket);
  await writeEventBatch([events[0] as AnalyticsEvent], bucket);
});

const ofType = (type: EventType) => events.filter((e) => e.type === type);
const countBy = <K extends string>(list: AnalyticsEvent[], key: (e: AnalyticsEvent) => K) => {
  const m = new Map<K, number>();
  for (const e of list) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
  return m;
};

/** The expected rows of each report, computed directly from the events written. */
function expected(name: ReportName): Record<string, unknown>[] {
  const booked = ofType('booking.booked');
  switch (name) {
    case 'bookingsPerDay':
      return [...countBy(booked, (e) => e.dt)].sort().map(([day, bookings]) => ({ day, bookings }));
    case 'bookingsPerService':
    case 'bookingsPerConsultant': {
      const col = name === 'bookingsPerService' ? 'service_id' : 'consultant_id';
      const prop = name === 'bookingsPerService' ? 'serviceId' : 'consultantId';
      return [...countBy(booked, (e) => String(e.props[prop]))]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([id, bookings]) => ({ [col]: id, bookings }));
    }
    case 'cancellationRates': {
      const b = booked.length;
      const c = ofType('booking.cancelled').length;
      const n = ofType('booking.noShow').length;
      return [
        {
          booked: b,
          cancelled: c,
          completed: ofType('booking.completed').length,
          no_show: n,
          cancellation_rate: c / b,
          no_show_rate: n / b,
        },
      ];
    }
    case 'messagesPerDay': {
      const days = [
        ...new Set(events.filter((e) => e.type.startsWith('messenger.message.')).map((e) => e.dt)),
      ].sort();
      return days.map((day) => ({
        day,
        received: ofType('messenger.message.received').filter((e) => e.dt === day).length,
        sent: ofType('messenger.message.sent').filter((e) => e.dt === day).length,
      }));
    }
    case 'otpFunnel':
      return [
        {
          requested: ofType('auth.otp.requested').length,
          verified: ofType('auth.otp.verified').length,
          failed: ofType('auth.otp.failed').length,
          locked: ofType('auth.otp.locked').length,
        },
      ];
    case 'conversion': {
      const started = ofType('messenger.conversation.started');
      const bookedPsids = new Set(booked.map((e) => e.psidHash).filter(Boolean));
      const bookedUsers = new Set(booked.map((e) => e.userHash).filter(Boolean));
      const converted = new Set(
        started
          .filter((e) => bookedPsids.has(e.psidHash) || (e.userHash && bookedUsers.has(e.userHash)))
          .map((e) => e.psidHash),
      );
      return [{ conversations: new Set(started.map((e) => e.psidHash)).size, converted: converted.size }];
    }
    case 'busiestHours': {
      const relevant = events.filter(
        (e) => e.type === 'messenger.message.received' || e.type === 'booking.booked',
      );
      const hours = [...new Set(relevant.map((e) => e.time.slice(11, 13)))].sort();
      return hours.map((hour) => ({
        hour,
        messages: relevant.filter(
          (e) => e.type === 'messenger.message.received' && e.time.slice(11, 13) === hour,
        ).length,
        bookings: relevant.filter((e) => e.type === 'booking.booked' && e.time.slice(11, 13) === hour).length,
      }));
    }
  }
}

describe(`the named reports on DuckDB over the lake (seed ${seed})`, () => {
  const engine = new DuckDbEngine(lakeDir);

  it.each(REPORT_NAMES)(
    'It should make %s equal the count computed from the events written',
    async (name) => {
      // Arrange
      const report = REPORTS[name];

      // Act
      const { outcome } = await engine.start(report.sql, report.bind(reportParams().parse({ from, to })));

      // Assert
      expect(outcome?.status).toBe('SUCCEEDED');
      expect(outcome?.rows).toEqual(expected(name));
    },
  );

  it('It should filter bookings per day by service and consultant', async () => {
    // Arrange
    const [service, consultant] = [services[0] as string, consultants[1] as string];
    const want = [
      ...countBy(
        ofType('booking.booked').filter(
          (e) => e.props.serviceId === service && e.props.consultantId === consultant,
        ),
        (e) => e.dt,
      ),
    ]
      .sort()
      .map(([day, bookings]) => ({ day, bookings }));
    const params = reportParams().parse({ from, to, serviceId: service, consultantId: consultant });

    // Act
    const { outcome } = await engine.start(REPORTS.bookingsPerDay.sql, REPORTS.bookingsPerDay.bind(params));

    // Assert
    expect(outcome?.rows).toEqual(want);
  });
});

describe('the report query API (handler, local engine)', () => {
  it('It should start a report with 202 and return its rows on poll', async () => {
    // Act
    const started = await handler(
      apiEvent('POST', '/admin/analytics/queries', { body: { report: 'otpFunnel', from, to } }),
      ctx,
    );
    const { queryId } = JSON.parse(started.body);
    const polled = await handler(
      apiEvent('GET', '/admin/analytics/queries/{queryId}', { params: { queryId } }),
      ctx,
    );

    // Assert
    expect(started.statusCode).toBe(202);
    expect(polled.statusCode).toBe(200);
    const body = JSON.parse(polled.body);
    expect(body).toMatchObject({ status: 'SUCCEEDED', rows: expected('otpFunnel'), report: 'otpFunnel' });
    expect(body.bytesScanned).toBeGreaterThan(0);
  });

  it('It should answer an identical query inside the cache window with the same query id', async () => {
    // Arrange
    const body = { report: 'bookingsPerService', from, to };

    // Act
    const first = JSON.parse(
      (await handler(apiEvent('POST', '/admin/analytics/queries', { body }), ctx)).body,
    );
    const second = JSON.parse(
      (await handler(apiEvent('POST', '/admin/analytics/queries', { body }), ctx)).body,
    );
    const rerun = JSON.parse(
      (await handler(apiEvent('POST', '/admin/analytics/queries', { body: { ...body, fresh: true } }), ctx))
        .body,
    );
    const otherRange = JSON.parse(
      (await handler(apiEvent('POST', '/admin/analytics/queries', { body: { ...body, to: from } }), ctx))
        .body,
    );

    // Assert
    expect(second).toEqual({ queryId: first.queryId, cached: true });
    expect(rerun.cached).toBe(false);
    expect(rerun.queryId).not.toBe(first.queryId);
    expect(otherRange.queryId).not.toBe(first.queryId);
  });

  it('It should refuse an unknown report or SQL-looking parameters with a 400 naming the field', async () => {
    // Act
    const unknown = await handler(
      apiEvent('POST', '/admin/analytics/queries', { body: { report: 'dropTables', from, to } }),
      ctx,
    );
    const injected = await handler(
      apiEvent('POST', '/admin/analytics/queries', {
        body: { report: 'bookingsPerDay', from, to, serviceId: "x' OR '1'='1" },
      }),
      ctx,
    );

    // Assert
    expect(unknown.statusCode).toBe(400);
    expect(JSON.parse(unknown.body).errors.map((e: { field: string }) => e.field)).toContain('body.report');
    expect(injected.statusCode).toBe(400);
    expect(JSON.parse(injected.body).errors.map((e: { field: string }) => e.field)).toContain(
      'body.serviceId',
    );
  });

  it('It should answer 404 for a query id it never started', async () => {
    // Act
    const res = await handler(
      apiEvent('GET', '/admin/analytics/queries/{queryId}', { params: { queryId: randomUUID() } }),
      ctx,
    );

    // Assert
    expect(res.statusCode).toBe(404);
  });

  it('It should refuse a user token (403) and a missing authorizer context (401)', async () => {
    // Act
    const asUser = await handler(apiEvent('GET', '/admin/analytics/reports', { role: 'user' }), ctx);
    const anonymous = await handler(apiEvent('GET', '/admin/analytics/reports', { role: null }), ctx);

    // Assert
    expect(asUser.statusCode).toBe(403);
    expect(anonymous.statusCode).toBe(401);
  });
});
