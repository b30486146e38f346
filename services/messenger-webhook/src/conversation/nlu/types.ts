/**
 * What free text means to the booking conversation: the port the conversation machine codes
 * against. Plain serializable data (strings only), so a parse can be logged, stored in a corpus and
 * compared with `toEqual`.
 */
import type { Locale } from '@bookingbot/common/i18n';

/**
 * What the customer wants. `yes`/`no` answer the current step's question; `greeting` is a hello
 * with nothing else; `unknown` when no keyword matched (the step asks again).
 */
export type NluIntent =
  | 'book'
  | 'reschedule'
  | 'cancel'
  | 'myAppointments'
  | 'help'
  | 'person'
  | 'yes'
  | 'no'
  | 'greeting'
  | 'unknown';

/** A bookable service as the parser needs it: its id, its display name and extra words for it. */
export interface NluService {
  id: string;
  name: string;
  /** Other names customers use, any language, with or without accents ("tư vấn", "consult"). */
  synonyms?: readonly string[];
}

export interface UnderstandOptions {
  /** The conversation's current language: decides which grammar is tried first. */
  locale: Locale;
  /** IANA zone of the customer (dates and times are local to it), e.g. `Asia/Ho_Chi_Minh`. */
  timeZone: string;
  /** The clock, injected (tests and the corpus fix it). */
  now: Date;
  services: readonly NluService[];
}

/** A wall-clock time in the customer's zone, `HH:mm` (24 h). */
export type LocalTime = string;
/** A calendar date in the customer's zone, `YYYY-MM-DD`. */
export type LocalDate = string;

export interface Understanding {
  intent: NluIntent;
  /** Set when the text itself shows its language (Vietnamese letters or words); else absent. */
  locale?: Locale;
  /** The id of the one service named (name or synonym); absent when none or several matched. */
  serviceId?: string;
  date?: LocalDate;
  /** An exact time ("3pm", "15h30"). Never set together with `range`. */
  time?: LocalTime;
  /** A part of the day ("morning", "chiều"): free times from `from` (inclusive) to `to` (exclusive). */
  range?: { from: LocalTime; to: LocalTime };
  /**
   * True when `date` (+ `time`) is already over at `now` — "3pm" typed at 4pm is today at 15:00 and
   * flagged, never silently moved to tomorrow: the conversation says so and offers times.
   */
  past?: true;
}
