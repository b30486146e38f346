import * as z from '../schema/index';
import { GUARD_BLOCK_MINUTES, MAX_OCCUPANCY_MINUTES } from './policy';

// The schemas are `z.deferred` (built on first use): every function whose imports reach the
// booking barrel bundles this module, and most of them validate none of these (issue 14).

/** `HH:mm` local wall-clock time; `24:00` is allowed as the end of a day. */
const hhmm = z.deferred(() =>
  z.string().check(
    z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:mm (00:00-24:00)'),
    z.refine((v) => Number(v.slice(3)) % GUARD_BLOCK_MINUTES === 0, 'minutes must be a multiple of 5'),
  ),
);

export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

export const timeRangeSchema = z.deferred(() =>
  z.object({ start: hhmm(), end: hhmm() }).check(
    z.refine((r) => minutesOf(r.start) < minutesOf(r.end), {
      message: 'start must be before end',
      path: ['end'],
    }),
  ),
);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const dayRanges = z.deferred(() =>
  z.array(timeRangeSchema()).check(
    z.maxLength(12),
    z.refine(
      (ranges) => {
        const sorted = [...ranges].sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
        return sorted.every(
          (r, i) => i === 0 || minutesOf(r.start) >= minutesOf(sorted[i - 1]?.end ?? '00:00'),
        );
      },
      { message: 'ranges of one day must not overlap' },
    ),
  ),
);

/** Weekly working hours in the consultant's zone: several ranges per day; a missing day is off. */
export const weeklyHoursSchema = z.deferred(
  () =>
    z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.optional(dayRanges())]))) as z.ZodMiniType<
      Partial<Record<Weekday, { start: string; end: string }[]>>
    >,
);
export type WeeklyHours = Partial<Record<Weekday, { start: string; end: string }[]>>;

/**
 * Whether `zone` is a time zone this runtime knows (what luxon's `IANAZone.isValidZone` checks).
 * Written without luxon: the route tables use these schemas, and every function bundles its
 * service's table, so a luxon import here put 75 KB into functions that never touch a date.
 */
export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/** Whether `YYYY-MM-DD` names a day that exists (no 2026-02-30), as luxon's `DateTime.fromISO(d).isValid`. */
export function isCalendarDate(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d); // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export const timeZoneSchema = z.deferred(() =>
  z.string().check(z.refine(isValidTimeZone, 'must be an IANA time zone')),
);

export const isoInstant = z.deferred(() => z.iso.datetime({ offset: true }));

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const isoDateSchema = z.deferred(() =>
  z
    .string()
    .check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'),
      z.refine(isCalendarDate, 'is not a calendar date'),
    ),
);

export const timeOffInputSchema = z.deferred(() =>
  z
    .object({
      start: isoInstant(),
      end: isoInstant(),
      reason: z.optional(z.string().check(z.maxLength(200))),
    })
    .check(
      z.refine((t) => Date.parse(t.start) < Date.parse(t.end), {
        message: 'start must be before end',
        path: ['end'],
      }),
    ),
);

export interface TimeOff {
  timeOffId: string;
  /** UTC ISO 8601. */
  start: string;
  end: string;
  reason?: string;
}

export const serviceInputSchema = z.deferred(() =>
  z
    .object({
      name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
      description: z.optional(z.string().check(z.maxLength(1000))),
      durationMinutes: z.number().check(z.int(), z.minimum(5), z.multipleOf(GUARD_BLOCK_MINUTES)),
      bufferAfterMinutes: z._default(
        z.number().check(z.int(), z.minimum(0), z.multipleOf(GUARD_BLOCK_MINUTES)),
        0,
      ),
      priceText: z.optional(z.string().check(z.maxLength(60))),
      active: z._default(z.boolean(), true),
    })
    .check(
      z.refine((s) => s.durationMinutes + s.bufferAfterMinutes <= MAX_OCCUPANCY_MINUTES, {
        message: `duration + buffer must be at most ${MAX_OCCUPANCY_MINUTES} minutes`,
        path: ['durationMinutes'],
      }),
    ),
);
export type ServiceInput = z.input<ReturnType<typeof serviceInputSchema>>;

export interface Service {
  serviceId: string;
  name: string;
  description?: string;
  durationMinutes: number;
  bufferAfterMinutes: number;
  priceText?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const consultantInputSchema = z.deferred(() =>
  z.object({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
    bio: z.optional(z.string().check(z.maxLength(1000))),
    serviceIds: z._default(
      z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(100)),
      [],
    ),
    timeZone: timeZoneSchema(),
    weeklyHours: z._default(weeklyHoursSchema(), {}),
    active: z._default(z.boolean(), true),
  }),
);
export type ConsultantInput = z.input<ReturnType<typeof consultantInputSchema>>;

export interface Consultant {
  consultantId: string;
  name: string;
  bio?: string;
  serviceIds: string[];
  timeZone: string;
  weeklyHours: WeeklyHours;
  timeOff: TimeOff[];
  active: boolean;
  /** Optimistic-lock counter: every schedule write checks and increments it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'completed', 'no_show'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const CHANNELS = ['messenger', 'web', 'admin'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who made a change: the customer themself, a staff member, or the system. */
export interface Actor {
  kind: 'user' | 'admin' | 'system';
  userId?: string;
}

export interface HistoryEntry {
  at: string;
  action: 'booked' | 'cancelled' | 'rescheduled' | 'completed' | 'no_show';
  channel: Channel;
  by: Actor;
  from?: { start: string; end: string; consultantId: string };
  to?: { start: string; end: string; consultantId: string };
  reason?: string;
}

export interface Appointment {
  appointmentId: string;
  userId: string;
  consultantId: string;
  serviceId: string;
  /** Denormalized for lists and messages; the ids are authoritative. */
  serviceName: string;
  consultantName: string;
  /** UTC ISO 8601, `[start, end)`. */
  start: string;
  end: string;
  /** Minutes kept free after `end` (copied from the service at booking time). */
  bufferAfterMinutes: number;
  timeZone: string;
  status: AppointmentStatus;
  channel: Channel;
  cancelReason?: string;
  history: HistoryEntry[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A bookable slot as exchanged over every API. */
export interface Slot {
  start: string;
  end: string;
  consultantId: string;
}
