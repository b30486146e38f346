import type { DateTime } from 'luxon';
import {
  businessHour,
  type DayPart,
  dayMonthForward,
  dayOfMonthForward,
  type HourMinute,
  hourInPart,
  weekdayNextWeek,
  weekdayOnOrAfter,
} from './clock';
import { fold, hasVietnameseLetters } from './fold';

/**
 * The Vietnamese date/time grammar (chrono-node has no Vietnamese). A handful of regular
 * expressions over the folded text, tried in a fixed order; each match is blanked out so a later
 * rule cannot read the same words again. Hand-written because no maintained library parses
 * Vietnamese dates; the corpus (test/fixtures/utterances.json) is its specification.
 */
export interface DateTimeParse {
  date?: DateTime;
  time?: HourMinute;
  part?: DayPart;
}

const PART: Record<string, DayPart> = {
  zsang: 'morning',
  trua: 'noon',
  chieu: 'afternoon',
  ztoi: 'evening',
};

/**
 * "sáng" (morning) / "sang" (over to) and "tối" (evening) / "tôi" (I) fold to the same letters.
 * With accents the raw text decides; without, the neighbours do ("sang mai" is a morning, "dời
 * sang thứ 6" is not). The morning/evening readings become the markers `zsang`/`ztoi`.
 */
function markDayParts(raw: string): string {
  const nfc = raw.normalize('NFC');
  const marked = nfc.replace(/sáng/giu, ' zsang ').replace(/tối|đêm/giu, ' ztoi ');
  const folded = fold(marked);
  // A customer who types accents wrote "sang"/"tôi" on purpose: only unaccented text is guessed.
  if (hasVietnameseLetters(nfc.replace(/sáng|tối|đêm/giu, ''))) return folded;
  const day = '(?:nay|mai|mot|thu|t[2-7]|cn|chu nhat)\\b';
  // After a verb of moving ("dời … sang thứ 6") "sang" means "to", whatever follows.
  const cut = folded.search(/\b(?:doi|chuyen|dich|lui|hoan|qua)\b/);
  const head = cut < 0 ? folded : folded.slice(0, cut);
  const tail = cut < 0 ? '' : folded.slice(cut);
  return (
    head
      .replace(new RegExp(`\\bsang (?=${day})`, 'g'), 'zsang ')
      .replace(new RegExp(`(?<!\\b(?:cho|cua|voi|giup|minh)\\s)\\btoi (?=${day})`, 'g'), 'ztoi ')
      .replace(/\bbuoi (sang|toi)\b/g, 'z$1')
      .replace(/(\d\s*(?:h|g|gio)(?:\s*\d{1,2})?)\s+(sang|toi)\b/g, '$1 z$2') + tail
  ).replace(/(\d\s*(?:h|g|gio)(?:\s*\d{1,2})?)\s+toi\b/g, '$1 ztoi');
}

const WEEKDAY: Record<string, number> = { hai: 1, ba: 2, tu: 3, nam: 4, sau: 5, bay: 6 };

/** Parses Vietnamese dates and times in `raw`; `today` is the customer's local today. */
export function parseVietnamese(raw: string, today: DateTime): DateTimeParse {
  let s = ` ${markDayParts(raw)} `;
  const out: DateTimeParse = {};
  const take = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    const m = re.exec(s);
    if (!m) return false;
    f(m);
    s = s.slice(0, m.index) + ' '.repeat(m[0].length) + s.slice(m.index + m[0].length);
    return true;
  };
  const partOf = (w: string | undefined) => (w ? PART[w] : undefined);
  // An hour with neither a part of the day nor a 24-hour form waits for a part elsewhere in the
  // message ("tối nay 8 giờ" is 20:00); without one, the business-hours reading applies.
  let flexHour: number | undefined;
  const setTime = (h: number, min: number, part: DayPart | undefined, explicit24 = false) => {
    const hour = part ? hourInPart(h, part) : explicit24 ? h : businessHour(h);
    if (hour > 23 || min > 59) return;
    out.time = { hour, minute: min };
    if (!part && !explicit24) flexHour = h;
  };

  // Times: "15h30", "3 giờ chiều", "10h sáng", "9 giờ rưỡi", "15:00", "3pm".
  take(
    /(?<![\d/:])(\d{1,2})\s*(?:h|g|gio)(?![a-z])(?:\s*(\d{1,2})(?![\d/:])(?:\s*(?:p|phut)\b)?|\s+(ruoi)\b)?(?:\s+(?:buoi\s+)?(zsang|trua|chieu|ztoi))?/,
    (m) => setTime(Number(m[1]), m[3] ? 30 : Number(m[2] ?? 0), partOf(m[4]), Number(m[1]) === 0),
  ) ||
    take(/(?<![\d/:])(\d{1,2})(?::([0-5]\d))?\s*(am|pm)\b/, (m) => {
      const h = Number(m[1]) % 12;
      setTime(m[3] === 'pm' ? h + 12 : h, Number(m[2] ?? 0), undefined, true);
    }) ||
    take(/(?<![\d/:])([01]?\d|2[0-3]):([0-5]\d)(?![\d/])(?:\s+(zsang|trua|chieu|ztoi))?/, (m) =>
      setTime(Number(m[1]), Number(m[2]), partOf(m[3]), m[1]?.length === 2),
    );

  // Dates, most specific first.
  take(/(?:\bngay\s*)?(?<![\d:])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\d:])/, (m) => {
    out.date = dayMonthForward(today, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
  }) ||
    take(/\bngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b/, (m) => {
      out.date = dayMonthForward(today, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined);
    }) ||
    take(
      /\b(?:thu\s*(hai|ba|tu|nam|sau|bay|[2-7])|t([2-7])|(chu nhat|cn))\b(?:\s+(tuan sau|tuan toi|tuan nay|nay|toi))?/,
      (m) => {
        const iso = m[3] ? 7 : m[1] && m[1] in WEEKDAY ? (WEEKDAY[m[1]] ?? 1) : Number(m[1] ?? m[2]) - 1;
        const nextWeek = m[4] === 'tuan sau' || m[4] === 'tuan toi';
        out.date = nextWeek ? weekdayNextWeek(today, iso) : weekdayOnOrAfter(today, iso);
      },
    ) ||
    take(/\b(?:ngay kia|ngay mot)\b|(?<=\b(?:zsang|trua|chieu|ztoi) )mot\b/, () => {
      out.date = today.plus({ days: 2 });
    }) ||
    take(/\b(?:ngay )?mai\b/, () => {
      out.date = today.plus({ days: 1 });
    }) ||
    take(/\b(?:hom nay|bua nay|hnay|ngay hom nay)\b|(?<=\b(?:zsang|trua|chieu|ztoi) )nay\b/, () => {
      out.date = today;
    }) ||
    take(/\bngay (\d{1,2})\b/, (m) => {
      out.date = dayOfMonthForward(today, Number(m[1]));
    });

  // A part of the day not attached to a time is a range ("chiều mai", "sáng thứ 2").
  take(/\b(zsang|trua|chieu|ztoi)\b/, (m) => {
    const part = partOf(m[1]);
    if (!part) return;
    if (!out.time) out.part = part;
    else if (flexHour !== undefined) out.time.hour = hourInPart(flexHour, part);
  });
  return out;
}
