import { INTL_LOCALE, type Locale } from '@bookingbot/common/i18n';
import { DateTime } from 'luxon';

/** Days and times as the chat shows them, in the customer's zone and language (pure). */
export const formatDay = (day: string, zone: string, locale: Locale) =>
  DateTime.fromISO(day, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('ccc d LLL');

export const formatTime = (iso: string, zone: string, locale: Locale) =>
  DateTime.fromISO(iso, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('HH:mm');

export const formatWhen = (iso: string, zone: string, locale: Locale) =>
  DateTime.fromISO(iso, { zone }).setLocale(INTL_LOCALE[locale]).toFormat('ccc d LLL yyyy, HH:mm (ZZZZ)');

export const zoneLabel = (zone: string, now = new Date()) =>
  DateTime.fromJSDate(now).setZone(zone).toFormat('ZZZZ');
