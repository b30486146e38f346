import type { ReportName, ReportParams } from './report-params';

export { REPORT_NAMES, type ReportName, type ReportParams, reportParams } from './report-params';

/**
 * Named, parameterized reports: the only SQL that ever runs (clients pick a report and its
 * parameters, never send SQL). Each statement is written in the subset Athena (Trino) and DuckDB
 * share — `?` positional parameters bound as strings, `CASE`/`count(DISTINCT …)`/`substr`,
 * `CAST(… AS DOUBLE)`, no dialect functions — and always filters on `dt` so Athena prunes
 * partitions (projection) and scans only the requested days. Counts use `DISTINCT event_id` so an
 * event delivered twice by the stream is counted once.
 */
export interface ReportDefinition {
  description: string;
  /** The statement; `?` placeholders are bound from `bind(params)`, in order. */
  sql: string;
  bind: (p: ReportParams) => string[];
}

const range = (p: ReportParams) => [p.from, p.to];
const booked = `event_type = 'booking.booked'`;
const count = 'count(DISTINCT event_id)';

/** Bookings grouped by one dimension column, biggest first. */
function bookingsBy(column: 'service_id' | 'consultant_id', description: string): ReportDefinition {
  return {
    description,
    sql: `SELECT ${column}, ${count} AS bookings
FROM events
WHERE dt BETWEEN ? AND ? AND ${booked}
GROUP BY ${column}
ORDER BY bookings DESC, ${column}`,
    bind: range,
  };
}

export const REPORTS = {
  bookingsPerDay: {
    description: 'Bookings made per day (optionally for one service and/or consultant)',
    sql: `SELECT dt AS day, ${count} AS bookings
FROM events
WHERE dt BETWEEN ? AND ? AND ${booked}
  AND (? = '' OR service_id = ?) AND (? = '' OR consultant_id = ?)
GROUP BY dt
ORDER BY day`,
    bind: (p) => {
      const s = p.serviceId ?? '';
      const c = p.consultantId ?? '';
      return [p.from, p.to, s, s, c, c];
    },
  },
  bookingsPerService: bookingsBy('service_id', 'Bookings per service'),
  bookingsPerConsultant: bookingsBy('consultant_id', 'Bookings per consultant'),
  cancellationRates: {
    description:
      'Appointments booked, cancelled, completed and marked no-show in the range, with cancellation and no-show rates (per booking)',
    sql: `SELECT booked, cancelled, completed, no_show,
  CASE WHEN booked = 0 THEN NULL ELSE CAST(cancelled AS DOUBLE) / booked END AS cancellation_rate,
  CASE WHEN booked = 0 THEN NULL ELSE CAST(no_show AS DOUBLE) / booked END AS no_show_rate
FROM (
  SELECT
    count(DISTINCT CASE WHEN event_type = 'booking.booked' THEN event_id END) AS booked,
    count(DISTINCT CASE WHEN event_type = 'booking.cancelled' THEN event_id END) AS cancelled,
    count(DISTINCT CASE WHEN event_type = 'booking.completed' THEN event_id END) AS completed,
    count(DISTINCT CASE WHEN event_type = 'booking.noShow' THEN event_id END) AS no_show
  FROM events
  WHERE dt BETWEEN ? AND ?
    AND event_type IN ('booking.booked', 'booking.cancelled', 'booking.completed', 'booking.noShow')
) t`,
    bind: range,
  },
  messagesPerDay: {
    description: 'Messenger messages received from and sent to customers, per day',
    sql: `SELECT dt AS day,
  count(DISTINCT CASE WHEN event_type = 'messenger.message.received' THEN event_id END) AS received,
  count(DISTINCT CASE WHEN event_type = 'messenger.message.sent' THEN event_id END) AS sent
FROM events
WHERE dt BETWEEN ? AND ? AND event_type IN ('messenger.message.received', 'messenger.message.sent')
GROUP BY dt
ORDER BY day`,
    bind: range,
  },
  otpFunnel: {
    description: 'OTP sign-in funnel: codes requested, then verified, failed attempts and lockouts',
    sql: `SELECT
  count(DISTINCT CASE WHEN event_type = 'auth.otp.requested' THEN event_id END) AS requested,
  count(DISTINCT CASE WHEN event_type = 'auth.otp.verified' THEN event_id END) AS verified,
  count(DISTINCT CASE WHEN event_type = 'auth.otp.failed' THEN event_id END) AS failed,
  count(DISTINCT CASE WHEN event_type = 'auth.otp.locked' THEN event_id END) AS locked
FROM events
WHERE dt BETWEEN ? AND ? AND event_type IN ('auth.otp.requested', 'auth.otp.verified', 'auth.otp.failed', 'auth.otp.locked')`,
    bind: range,
  },
  conversion: {
    description:
      'Messenger conversion: customers (PSIDs) who started a conversation in the range, and how many of them booked in the range (same PSID, or same user when the conversation event names one)',
    sql: `SELECT
  (SELECT count(DISTINCT psid_hash) FROM events
    WHERE dt BETWEEN ? AND ? AND event_type = 'messenger.conversation.started' AND psid_hash IS NOT NULL) AS conversations,
  (SELECT count(DISTINCT s.psid_hash)
    FROM events s JOIN events b
      ON b.psid_hash = s.psid_hash OR (s.user_hash IS NOT NULL AND b.user_hash = s.user_hash)
    WHERE s.dt BETWEEN ? AND ? AND s.event_type = 'messenger.conversation.started' AND s.psid_hash IS NOT NULL
      AND b.dt BETWEEN ? AND ? AND b.event_type = 'booking.booked') AS converted`,
    bind: (p) => [p.from, p.to, p.from, p.to, p.from, p.to],
  },
  busiestHours: {
    description: 'Activity by hour of day (UTC): messages received and bookings made',
    sql: `SELECT substr(event_time, 12, 2) AS hour,
  count(DISTINCT CASE WHEN event_type = 'messenger.message.received' THEN event_id END) AS messages,
  count(DISTINCT CASE WHEN event_type = 'booking.booked' THEN event_id END) AS bookings
FROM events
WHERE dt BETWEEN ? AND ? AND event_type IN ('messenger.message.received', 'booking.booked')
GROUP BY substr(event_time, 12, 2)
ORDER BY hour`,
    bind: range,
  },
} as const satisfies Record<ReportName, ReportDefinition>;
