// Dates and times in a given IANA time zone with the platform's Intl (no date library shipped to
// the browser): the customer sees every slot in the zone they chose, not the server's.
import type { Lang } from './i18n';

const LOCALE: Record<Lang, string> = { en: 'en-GB', vi: 'vi-VN' };

/**
 * Formatters are costly to build (locale and zone data are resolved on construction: ≈ 0.1 ms
 * each, more on a phone) and a slot list formats dozens of times per render: one per locale,
 * options and zone, reused.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/** The browser's own zone, e.g. `Asia/Ho_Chi_Minh`. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Every zone the browser knows (for the zone picker). */
export function timeZones(): string[] {
  const withSupported = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return withSupported.supportedValuesOf?.('timeZone') ?? [browserTimeZone()];
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` of an instant in `timeZone`. */
export function dayInZone(instant: Date, timeZone: string): string {
  const parts = formatter('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The calendar day `n` days after `day` (`YYYY-MM-DD`), whatever the zone (pure date arithmetic). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** "Mon 8 Dec" for a `YYYY-MM-DD` day (noon UTC keeps it on the same day in every zone). */
export function formatDay(day: string, lang: Lang, style: 'short' | 'long' = 'short'): string {
  return formatter(LOCALE[lang], {
    timeZone: 'UTC',
    weekday: style,
    day: 'numeric',
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
  }).format(new Date(`${day}T12:00:00Z`));
}

/** "14:30" in the zone. */
export function formatTime(iso: string, timeZone: string, lang: Lang): string {
  return formatter(LOCALE[lang], { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** "Monday 8 December 2026, 14:30" in the zone. */
export function formatDateTime(iso: string, timeZone: string, lang: Lang): string {
  return formatter(LOCALE[lang], {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** "GMT+7" style offset name of the zone at that instant. */
export function zoneOffset(timeZone: string, at = new Date()): string {
  const part = formatter('en-GB', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? '';
}
