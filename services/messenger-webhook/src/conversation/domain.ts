import {
  type Appointment,
  getAvailability,
  listServices,
  listUserAppointments,
  type Service,
} from '@bookingbot/common/booking';
import { loadConfig, z } from '@bookingbot/common/config';
import { INTL_LOCALE } from '@bookingbot/common/i18n';
import { DateTime } from 'luxon';
import type { Slot } from './state';
import type { Locale } from './text';

/**
 * The conversation's reads of the booking domain, shaped for chat: services in pages, the next
 * days that still have a free slot, the distinct free start times of a day.
 */
const config = loadConfig({
  /** The zone days and times are shown in when the customer has none on file. @default 'Asia/Ho_Chi_Minh' */
  BUSINESS_TIME_ZONE: z.string().default('Asia/Ho_Chi_Minh'),
  /** How many days ahead the bot looks for free days. @default 21 */
  MESSENGER_DAYS_AHEAD: z.coerce.number().int().min(1).max(60).default(21),
});

export const DAYS_AHEAD = config.MESSENGER_DAYS_AHEAD;
/** Days offered at once (quick replies: 12 days + "cancel"). */
const MAX_DAYS = 12;

export const zoneOf = (user?: { timeZone?: string }) => user?.timeZone ?? config.BUSINESS_TIME_ZONE;

export async function activeServices(): Promise<Service[]> {
  const all = await listServices();
  return all.filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name));
}

/** The next days (`YYYY-MM-DD` in `zone`) with at least one free slot, at most 12. */
export async function freeDays(serviceId: string, zone: string, now = new Date()): Promise<string[]> {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Array.from({ length: DAYS_AHEAD }, (_, i) => today.plus({ days: i }).toISODate() as string);
  const found: string[] = [];
  // Small parallel batches: enough days are usually found in the first batch or two.
  for (let i = 0; i < days.length && found.length < MAX_DAYS; i += 7) {
    const batch = days.slice(i, i + 7);
    const counts = await Promise.all(
      batch.map(async (date) => (await getAvailability({ serviceId, date, timeZone: zone, now })).length),
    );
    batch.forEach((date, j) => {
      if ((counts[j] ?? 0) > 0) found.push(date);
    });
  }
  return found.slice(0, MAX_DAYS);
}

/** The distinct free start times of a day (the first consultant free at each time). */
export async function freeTimes(
  serviceId: string,
  day: string,
  zone: string,
  now = new Date(),
): Promise<Slot[]> {
  const slots = await getAvailability({ serviceId, date: day, timeZone: zone, now });
  const byStart = new Map<string, Slot>();
  for (const s of slots)
    if (!byStart.has(s.start)) byStart.set(s.start, { start: s.start, consultantId: s.consultantId });
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}

/** The customer's booked appointments that have not started yet, soonest first (at most 10). */
export async function upcomingAppointments(userId: string, now = new Date()): Promise<Appointment[]> {
  const { items } = await listUserAppointments(userId, { status: 'booked', order: 'desc', limit: 50 });
  return items
    .filter((a) => Date.parse(a.start) > now.getTime())
    .sort((a, b) => a.start.localeCompare(b.start))
    .slice(0, 10);
}

export const formatDay = (day: string, zone: string, locale: Locale) =>
  DateTime.fromISO(day, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('ccc d LLL');

export const formatTime = (iso: string, zone: string, locale: Locale) =>
  DateTime.fromISO(iso, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('HH:mm');

export const formatWhen = (iso: string, zone: string, locale: Locale) =>
  DateTime.fromISO(iso, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('ccc d LLL yyyy, HH:mm (ZZZZ)');

export const zoneLabel = (zone: string) => DateTime.now().setZone(zone).toFormat('ZZZZ');
