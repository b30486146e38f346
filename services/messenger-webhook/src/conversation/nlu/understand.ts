import { DAY_PARTS, formatTime, localToday } from './clock';
import { parseEnglish } from './en';
import { fold, hasVietnameseLetters } from './fold';
import { detectIntent, looksVietnamese } from './intents';
import { matchService } from './services';
import type { Understanding, UnderstandOptions } from './types';
import { type DateTimeParse, parseVietnamese } from './vi';

const found = (p: DateTimeParse) => Boolean(p.date || p.time || p.part);

/**
 * What a free-text message means: intent, service, date, time or range, in the customer's zone.
 * Pure (the clock comes in `now`), no I/O, never throws. The grammar of the message's language is
 * tried first (Vietnamese letters or words → Vietnamese; else the conversation's locale), the other
 * one only when the first finds no date or time. Rules and limits: docs/messenger.md#free-text.
 */
export function understand(text: string, options: UnderstandOptions): Understanding {
  const input = text.slice(0, 500);
  const folded = fold(input);
  const { intent, locale: keywordLocale } = detectIntent(folded);
  const vi = hasVietnameseLetters(input) || looksVietnamese(folded);
  const today = localToday(options.now, options.timeZone);

  const first = vi || (options.locale === 'vi' && keywordLocale !== 'en') ? 'vi' : 'en';
  const parse = (lang: 'vi' | 'en') =>
    lang === 'vi' ? parseVietnamese(input, today) : parseEnglish(input, options.now, today);
  let when = parse(first);
  if (!found(when)) when = parse(first === 'vi' ? 'en' : 'vi');

  const out: Understanding = { intent };
  const locale = vi ? 'vi' : keywordLocale;
  if (locale) out.locale = locale;
  const serviceId = matchService(folded, options.services);
  if (serviceId) out.serviceId = serviceId;
  if (when.date) out.date = when.date.toISODate() ?? undefined;
  if (when.time) out.time = formatTime(when.time);
  else if (when.part) out.range = { ...DAY_PARTS[when.part] };
  if (when.date) {
    const endOfAsked = out.time ?? out.range?.to ?? '24:00';
    const [h, m] = endOfAsked.split(':').map(Number);
    const end = when.date.plus({ hours: h ?? 0, minutes: m ?? 0 });
    if (end.toMillis() <= options.now.getTime()) out.past = true;
  }
  if (out.date === undefined) delete out.date;
  return out;
}
