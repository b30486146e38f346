import * as z from '@bookingbot/common/schema';
import { DateTime } from 'luxon';

/**
 * The one codec of every button and quick-reply payload: the code that offers a button encodes
 * with it, the code that reads a tap decodes with it. Payloads come back from the client and can
 * be forged, so decoding is validation: a version prefix, a size bound checked before anything
 * else, ids against a strict pattern, days and times through Luxon within a sane range. Anything
 * else decodes to `undefined` (the step is shown again with a hint), never an exception.
 *
 * Format: `v1:KIND` or `v1:KIND:arg|arg`. The bare menu payloads (`GET_STARTED`, `BOOK`, …) are
 * also accepted without a version: the Page's Get Started button and persistent menu are stored
 * at Meta by `messenger:setup`, and older profiles keep sending them.
 */
export const PAYLOAD_VERSION = 'v1';
/** Longer payloads are refused before any parsing (ours are < 120 bytes). @default 300 */
export const MAX_PAYLOAD_BYTES = 300;

const id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const page = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100));
const day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/),
  z.refine((d) => inRange(DateTime.fromISO(d, { zone: 'utc' })), 'not a day'),
);
const instant = z.string().check(
  z.maxLength(40),
  z.refine((t) => inRange(DateTime.fromISO(t, { setZone: true })), 'not a time'),
);

/** A real date between 2000 and 2100: beyond that it is a forged or corrupted payload. */
function inRange(d: DateTime): boolean {
  return d.isValid && d.year >= 2000 && d.year <= 2100;
}

const schema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('GET_STARTED') }),
  z.strictObject({ kind: z.literal('MENU') }),
  z.strictObject({ kind: z.literal('HELP') }),
  z.strictObject({ kind: z.literal('BOOK') }),
  z.strictObject({ kind: z.literal('MY_APPTS') }),
  z.strictObject({ kind: z.literal('HUMAN') }),
  z.strictObject({ kind: z.literal('CANCEL_FLOW') }),
  z.strictObject({ kind: z.literal('SVCS'), page }),
  z.strictObject({ kind: z.literal('SVC'), serviceId: id }),
  z.strictObject({ kind: z.literal('DAYS') }),
  z.strictObject({ kind: z.literal('DAY'), day }),
  z.strictObject({ kind: z.literal('TIMES'), page }),
  z.strictObject({ kind: z.literal('TIME'), start: instant, consultantId: id }),
  z.strictObject({ kind: z.literal('CONFIRM_BOOK') }),
  z.strictObject({ kind: z.literal('RESCHED_YES') }),
  z.strictObject({ kind: z.literal('APPT_CANCEL'), appointmentId: id }),
  z.strictObject({ kind: z.literal('APPT_CANCEL_YES'), appointmentId: id }),
  z.strictObject({ kind: z.literal('APPT_RESCHED'), appointmentId: id }),
]);

export type Payload = z.infer<typeof schema>;
export type PayloadKind = Payload['kind'];

/** The argument names of each kind, in their encoded order. */
const ARGS: Readonly<Record<string, readonly string[]>> = {
  SVCS: ['page'],
  SVC: ['serviceId'],
  DAY: ['day'],
  TIMES: ['page'],
  TIME: ['start', 'consultantId'],
  APPT_CANCEL: ['appointmentId'],
  APPT_CANCEL_YES: ['appointmentId'],
  APPT_RESCHED: ['appointmentId'],
};

/** Menu payloads Meta may send unversioned (Get Started, the persistent menu). */
const BARE = new Set<string>(['GET_STARTED', 'MENU', 'HELP', 'BOOK', 'MY_APPTS', 'HUMAN']);

/** The payload string of `p` (`v1:KIND[:a|b]`). */
export function encodePayload(p: Payload): string {
  const args = (ARGS[p.kind] ?? []).map((name) => String(Object.entries(p).find(([k]) => k === name)?.[1]));
  return `${PAYLOAD_VERSION}:${p.kind}${args.length ? `:${args.join('|')}` : ''}`;
}

/** The payload in `raw`, validated; `undefined` for anything that is not one of ours. */
export function decodePayload(raw: unknown): Payload | undefined {
  if (typeof raw !== 'string' || Buffer.byteLength(raw, 'utf8') > MAX_PAYLOAD_BYTES) return undefined;
  if (BARE.has(raw)) return schema.parse({ kind: raw });
  const m = /^v1:([A-Z_]{1,20})(?::(.*))?$/s.exec(raw);
  if (!m) return undefined;
  const [, kind = '', rest] = m;
  const names = (Object.hasOwn(ARGS, kind) ? ARGS[kind] : undefined) ?? [];
  const parts = rest === undefined ? [] : rest.split('|');
  if (parts.length !== names.length) return undefined;
  const parsed = schema.safeParse(
    Object.fromEntries([['kind', kind], ...names.map((n, i) => [n, parts[i]])]),
  );
  return parsed.success ? parsed.data : undefined;
}
