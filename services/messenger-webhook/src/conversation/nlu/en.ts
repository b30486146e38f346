import * as chrono from 'chrono-node/en';
import type { DateTime } from 'luxon';
import { businessHour, type DayPart, dayOfMonthForward, hourInPart, weekdayOnOrAfter } from './clock';
import type { DateTimeParse } from './vi';

/**
 * English dates and times through chrono-node's English parser, read with the house rules:
 * numeric dates are day-first ("5/12" = 5 December: the business is in Vietnam), a bare weekday is
 * the next such day on or after today ("Friday" on a Friday is today), a time alone carries no date
 * (the current step's day applies), a bare hour 1–6 is p.m., and "morning/afternoon/evening" are
 * ranges rather than chrono's single guessed hour.
 */
const parser = chrono.GB;

// Common misspellings and shorthands, rewritten before chrono reads the text.
const SHORTHANDS: [RegExp, string][] = [
  [/\b(?:tmr|tmrw|tmrow|tomorow|tommorow|tommorrow|2morrow|tomorro)\b/gi, 'tomorrow'],
  [/\b(?:tdy|2day)\b/gi, 'today'],
];

// Parts of the day are read here, not by chrono: it anchors "afternoon tomorrow" on today and turns
// "morning" into one guessed hour. They are cut out before chrono reads the rest.
const PARTS: [RegExp, DayPart][] = [
  [/\b(?:in the |this |on |the )?(?:morning|am session)\b/i, 'morning'],
  [/\b(?:at |around )?(?:noon|lunchtime|lunch time|midday)\b/i, 'noon'],
  [/\b(?:in the |this |on |the )?afternoon\b/i, 'afternoon'],
  [/\b(?:in the |this |on |the )?(?:evening|tonight|night)\b/i, 'evening'],
];

function rewrite(text: string): string {
  let s = text.replace(/\bgood (?:morning|afternoon|evening|night)\b/gi, ' ');
  for (const [re, to] of SHORTHANDS) s = s.replace(re, to);
  // "3 in the afternoon": the hour keeps its "at" once the part of the day is cut out.
  s = s.replace(
    /\b(\d{1,2}(?::\d{2})?)\s+(?=(?:in the |this |at )?(?:morning|afternoon|evening|tonight|night)\b)/gi,
    'at $1 ',
  );
  // "15h", "15h30" (common in Vietnam, also in English messages) → "15:00"; chrono misreads them.
  return s.replace(/\b(\d{1,2})h(\d{2})?\b/gi, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`);
}

/** Parses English dates and times in `text`; `today` is the customer's local today. */
export function parseEnglish(text: string, now: Date, today: DateTime): DateTimeParse {
  let s = rewrite(text);
  const out: DateTimeParse = {};
  let part: DayPart | undefined;
  let partToday = false;
  for (const [re, p] of PARTS) {
    const m = re.exec(s);
    if (!m || part) continue;
    part = p;
    partToday = /\b(?:this|tonight)\b/i.test(m[0]);
    s = `${s.slice(0, m.index)} ${s.slice(m.index + m[0].length)}`;
  }
  const results = parser.parse(s, { instant: now, timezone: today.offset }, { forwardDate: true });
  for (const r of results) {
    let c = r.start;
    // chrono's day-first parser reads "Dec 11" as December 2011; the US one reads month-name dates
    // right (numeric ones stay day-first).
    if (c.isCertain('month') && !c.isCertain('day') && c.isCertain('year') && /[a-z]/i.test(r.text)) {
      const us = chrono.casual.parse(
        r.text,
        { instant: now, timezone: today.offset },
        { forwardDate: true },
      )[0];
      if (us?.start.isCertain('day')) c = us.start;
    }
    const tags = r.tags();
    const casualDay =
      tags.has('casualReference/today') ||
      tags.has('casualReference/tomorrow') ||
      tags.has('casualReference/tonight');
    if (!out.date) {
      const year = c.get('year');
      const month = c.get('month');
      const day = c.get('day');
      const weekday = c.get('weekday');
      if (c.isCertain('day') || casualDay || tags.has('result/relativeDate')) {
        if (year && month && day) out.date = today.set({ year, month, day });
      } else if (c.isCertain('weekday') && weekday !== null && weekday !== undefined) {
        // "next Monday" follows chrono (the Monday of next week); a bare weekday is on or after today.
        out.date = /\bnext\b/i.test(r.text)
          ? today.set({ year: year ?? today.year, month: month ?? today.month, day: day ?? today.day })
          : weekdayOnOrAfter(today, weekday === 0 ? 7 : weekday);
      }
    }
    if (!out.time && c.isCertain('hour')) {
      const hour = c.get('hour') ?? 0;
      const minute = c.get('minute') ?? 0;
      const explicit = c.isCertain('meridiem') || hour === 0 || hour >= 13 || /\b0\d:/.test(r.text);
      out.time = { hour: explicit ? hour : part ? hourInPart(hour, part) : businessHour(hour), minute };
    }
  }
  // chrono reads no ordinal day alone ("on the 5th"): this month's, or next month's once past.
  const ordinal = out.date ? null : /\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b/i.exec(s);
  if (ordinal) out.date = dayOfMonthForward(today, Number(ordinal[1]));
  if (!out.time && part) out.part = part;
  if (part && partToday && !out.date) out.date = today;
  return out;
}
