import { csvList, loadConfig } from '@bookingbot/common/config';
import * as z from '@bookingbot/common/schema';

/** The conversation's configuration, validated once at cold start. */
export const config = loadConfig({
  /** The zone days and times are shown in when the customer has none on file. @default 'Asia/Ho_Chi_Minh' */
  BUSINESS_TIME_ZONE: z._default(z.string(), 'Asia/Ho_Chi_Minh'),
  /** How many days ahead the bot looks for free days. @default 21 */
  MESSENGER_DAYS_AHEAD: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(60)), 21),
  /** After this many hours without a word in a handed-over thread, the bot takes it back. @default 12 */
  HANDOVER_IDLE_HOURS: z._default(z.coerce.number().check(z.minimum(0.001), z.maximum(24 * 30)), 12),
  /** Where "talk to a person" and platform notices are emailed; empty → the ADMIN_EMAILS addresses. @default [] */
  STAFF_EMAIL: csvList,
  ADMIN_EMAILS: csvList,
  /**
   * Attempts of one event before the customer gets the apology: 1 + the worker's
   * `maximumRetryAttempts` (2), the same number the offline path makes. @default 3
   */
  WORKER_MAX_ATTEMPTS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10)), 3),
});

export const DAYS_AHEAD = config.MESSENGER_DAYS_AHEAD;
export const HANDOVER_IDLE_MS = config.HANDOVER_IDLE_HOURS * 3600_000;

/** Staff addresses for notifications (STAFF_EMAIL, else ADMIN_EMAILS). */
export const staffEmails = (): string[] =>
  config.STAFF_EMAIL.length ? config.STAFF_EMAIL : config.ADMIN_EMAILS;
