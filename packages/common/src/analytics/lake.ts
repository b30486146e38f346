import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AnalyticsEvent } from './events';

/**
 * The lake schema (version 1): one flat JSON object per line, gzip, under
 * `events/dt=YYYY-MM-DD/<batchId>.ndjson.gz`. Report SQL only reads these top-level columns, so
 * Athena (JSON SerDe) and DuckDB (`read_json` with explicit columns) see the same table. The
 * Athena DDL is generated from this list and a test checks the two agree; adding a column means
 * adding it here, in the DDL (`ALTER TABLE events ADD COLUMNS`) and bumping nothing else; renaming
 * or retyping one bumps `EVENT_SCHEMA_VERSION`.
 */
export const LAKE_COLUMNS = [
  { name: 'v', athena: 'int', duckdb: 'INTEGER', doc: 'schema version' },
  { name: 'event_id', athena: 'string', duckdb: 'VARCHAR', doc: 'uuid, unique per event' },
  { name: 'event_type', athena: 'string', duckdb: 'VARCHAR', doc: 'e.g. booking.booked' },
  { name: 'event_time', athena: 'string', duckdb: 'VARCHAR', doc: 'ISO-8601 UTC, ms precision' },
  { name: 'user_hash', athena: 'string', duckdb: 'VARCHAR', doc: 'sha-256 prefix of the user id' },
  { name: 'psid_hash', athena: 'string', duckdb: 'VARCHAR', doc: 'sha-256 prefix of the Messenger PSID' },
  { name: 'service_id', athena: 'string', duckdb: 'VARCHAR', doc: 'booking events' },
  { name: 'consultant_id', athena: 'string', duckdb: 'VARCHAR', doc: 'booking events' },
  { name: 'appointment_id', athena: 'string', duckdb: 'VARCHAR', doc: 'booking events' },
  { name: 'channel', athena: 'string', duckdb: 'VARCHAR', doc: 'messenger | api | admin' },
  { name: 'reason', athena: 'string', duckdb: 'VARCHAR', doc: 'cancellation/failure reason code' },
  { name: 'props', athena: 'string', duckdb: 'VARCHAR', doc: 'all properties as a JSON string' },
] as const;

/** The partition column (a string `YYYY-MM-DD`, like Athena's projected `dt`). */
export const LAKE_PARTITION = { name: 'dt', athena: 'string', duckdb: 'VARCHAR' } as const;

export type LakeColumn = (typeof LAKE_COLUMNS)[number]['name'];
export type LakeRecord = Record<LakeColumn, string | number | null>;

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

/** Flattens an event into a lake row (the well-known properties become columns). */
export function toLakeRecord(e: AnalyticsEvent): LakeRecord {
  return {
    v: e.v,
    event_id: e.eventId,
    event_type: e.type,
    event_time: e.time,
    user_hash: e.userHash ?? null,
    psid_hash: e.psidHash ?? null,
    service_id: str(e.props.serviceId),
    consultant_id: str(e.props.consultantId),
    appointment_id: str(e.props.appointmentId),
    channel: str(e.props.channel),
    reason: str(e.props.reason),
    props: JSON.stringify(e.props),
  };
}

/** One object to PUT: its key under the bucket and its gzip NDJSON body. */
export interface LakeObject {
  key: string;
  body: Buffer;
  count: number;
}

/**
 * Groups a batch of events by day and encodes one gzip NDJSON object per day. The key is derived
 * from the batch's event ids, so a retried batch overwrites its own object instead of duplicating
 * events (reports count `DISTINCT event_id` anyway, for batches split differently on retry).
 */
export function encodeBatch(events: AnalyticsEvent[]): LakeObject[] {
  const byDay = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    const list = byDay.get(e.dt) ?? [];
    list.push(e);
    byDay.set(e.dt, list);
  }
  return [...byDay.entries()].map(([dt, list]) => {
    const digest = createHash('sha256')
      .update(list.map((e) => e.eventId).join(','))
      .digest('hex')
      .slice(0, 24);
    const firstTime = (list[0] as AnalyticsEvent).time.replace(/[-:.]/g, '');
    const ndjson = `${list.map((e) => JSON.stringify(toLakeRecord(e))).join('\n')}\n`;
    return {
      key: `events/dt=${dt}/${firstTime}-${digest}.ndjson.gz`,
      body: gzipSync(ndjson),
      count: list.length,
    };
  });
}
