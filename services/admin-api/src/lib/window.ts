import { ValidationError } from '@bookingbot/common/errors';
import { DateTime } from 'luxon';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The window a list shows when the caller gives no end. @default 7 days */
export const DEFAULT_WINDOW_DAYS = 7;

/**
 * The `[from, to)` instants of an admin list. A plain date is a whole day in the business time
 * zone (`from=2026-12-03` starts at that day's midnight there, `to=2026-12-03` ends at the next
 * midnight); an instant is taken as given. Without `from` the window starts today (business zone);
 * without `to` it lasts DEFAULT_WINDOW_DAYS.
 */
export function listWindow(
  q: { from?: string | undefined; to?: string | undefined },
  zone: string,
  now: Date = new Date(),
): { from: string; to: string } {
  const start = q.from
    ? DAY.test(q.from)
      ? DateTime.fromISO(q.from, { zone }).startOf('day')
      : DateTime.fromISO(q.from, { setZone: true })
    : DateTime.fromJSDate(now, { zone }).startOf('day');
  const end = q.to
    ? DAY.test(q.to)
      ? DateTime.fromISO(q.to, { zone }).plus({ days: 1 }).startOf('day')
      : DateTime.fromISO(q.to, { setZone: true })
    : start.setZone(zone).plus({ days: DEFAULT_WINDOW_DAYS });
  if (end <= start) throw new ValidationError([{ field: 'query.to', message: 'must be after from' }]);
  return { from: start.toUTC().toISO() as string, to: end.toUTC().toISO() as string };
}
