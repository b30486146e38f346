import { DateTime } from 'luxon';

/** A time of day, as the parser passes it around before formatting. */
export interface HourMinute {
  hour: number;
  minute: number;
}

export const pad2 = (n: number) => String(n).padStart(2, '0');
export const formatTime = ({ hour, minute }: HourMinute) => `${pad2(hour)}:${pad2(minute)}`;

/** Today in the customer's zone (a luxon date at local midnight). */
export function localToday(now: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
}

/** ISO weekday (1 = Monday … 7 = Sunday) → the first such day on or after `today`. */
export function weekdayOnOrAfter(today: DateTime, isoWeekday: number): DateTime {
  return today.plus({ days: (isoWeekday - today.weekday + 7) % 7 });
}

/** ISO weekday → that day in the week after `today`'s (weeks start on Monday, as in Vietnam). */
export function weekdayNextWeek(today: DateTime, isoWeekday: number): DateTime {
  return today.startOf('week').plus({ weeks: 1, days: isoWeekday - 1 });
}

/**
 * A day and month without a year: this year's, or next year's when this year's is already past
 * (nobody books backwards). Undefined for a date that does not exist (31/2).
 */
export function dayMonthForward(
  today: DateTime,
  day: number,
  month: number,
  year?: number,
): DateTime | undefined {
  const y = year === undefined ? today.year : year < 100 ? 2000 + year : year;
  const d = DateTime.fromObject({ year: y, month, day }, { zone: today.zone });
  if (!d.isValid) return undefined;
  return year === undefined && d < today ? d.plus({ years: 1 }) : d;
}

/** A day of the month alone ("the 5th", "ngày 15"): this month's, or next month's once past. */
export function dayOfMonthForward(today: DateTime, day: number): DateTime | undefined {
  for (const base of [today, today.plus({ months: 1 }).startOf('month')]) {
    const d = base.set({ day });
    if (d.isValid && d.day === day && d >= today) return d;
  }
  return undefined;
}

/**
 * A bare hour without am/pm or a part of the day: 1–6 mean the afternoon (13–18), because nobody
 * books a consultation at 3 a.m.; 7–12 stay as they are (morning, noon).
 */
export function businessHour(hour: number): number {
  return hour >= 1 && hour <= 6 ? hour + 12 : hour;
}

/** The parts of the day as ranges [from, to). Documented in docs/messenger.md. */
export const DAY_PARTS = {
  morning: { from: '06:00', to: '12:00' },
  noon: { from: '11:00', to: '14:00' },
  afternoon: { from: '12:00', to: '18:00' },
  evening: { from: '18:00', to: '22:00' },
} as const;
export type DayPart = keyof typeof DAY_PARTS;

/** Moves an hour given with a part of the day to the 24-hour clock ("3 giờ chiều" → 15). */
export function hourInPart(hour: number, part: DayPart): number {
  if (part === 'morning') return hour === 12 ? 0 : hour;
  if (part === 'noon') return hour <= 5 ? hour + 12 : hour;
  return hour < 12 ? hour + 12 : hour;
}
