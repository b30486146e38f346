import { DateTime } from 'luxon';
import type { Appointment } from '../booking/model';
import { INTL_LOCALE, type Locale, type MessageKey, t } from '../i18n';
import { escapeHtml } from './html';

/** An email ready for `sendEmail`, without its recipient. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Vars = Record<string, string | number>;
/** One paragraph: a catalog key and its values (escaped for HTML, raw for text). */
type Line = [MessageKey, Vars?];

const escapeVars = (vars: Vars = {}): Vars =>
  Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeHtml(String(v))]));

/**
 * Text and HTML from the same catalog lines. Every value is escaped before it enters the HTML
 * (service and consultant names, reasons and the customer's name are typed by people); the
 * catalog's own sentences carry no markup.
 */
function render(locale: Locale, subject: string, lines: Line[], highlight?: string): RenderedEmail {
  const text = lines.map(([key, vars]) => t(locale, key, vars)).join('\n\n');
  const paragraphs = lines.map(([key, vars]) => `<p>${t(locale, key, escapeVars(vars))}</p>`);
  if (highlight)
    paragraphs.splice(
      1,
      0,
      `<p style="font-size:28px;font-weight:bold;letter-spacing:6px">${escapeHtml(highlight)}</p>`,
    );
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:sans-serif;line-height:1.5">
${paragraphs.join('\n')}
</body></html>`;
  return { subject, text, html };
}

/** A start instant in the customer's zone and language, e.g. "Thursday 3 December 2026 at 15:00 (GMT+7)". */
export function formatWhen(iso: string, zone: string, locale: Locale): string {
  return DateTime.fromISO(iso, { zone })
    .setLocale(INTL_LOCALE[locale])
    .toFormat(t(locale, 'email.whenFormat'));
}

export type BookingEmailChange = 'booked' | 'rescheduled' | 'cancelled' | 'completed' | 'no_show';

const SUBJECT: Record<BookingEmailChange, MessageKey> = {
  booked: 'email.booked.subject',
  rescheduled: 'email.rescheduled.subject',
  cancelled: 'email.cancelled.subject',
  completed: 'email.completed.subject',
  no_show: 'email.noShow.subject',
};
const BODY: Record<BookingEmailChange, MessageKey> = {
  booked: 'email.booked.body',
  rescheduled: 'email.rescheduled.body',
  cancelled: 'email.cancelled.body',
  completed: 'email.completed.body',
  no_show: 'email.noShow.body',
};

export interface BookingEmailInput {
  change: BookingEmailChange;
  appointment: Appointment;
  locale: Locale;
  /** The customer's zone; @default the appointment's zone */
  timeZone?: string;
  name?: string;
}

/**
 * The customer's email about a booking change, in their language, plus `chatText`: the one
 * sentence that also goes to Messenger. Invites are attached by the caller (confirmation, change
 * and cancellation), so the text mentions them.
 */
export function bookingEmail(input: BookingEmailInput): RenderedEmail & { chatText: string } {
  const { change, appointment: a, locale } = input;
  const zone = input.timeZone ?? a.timeZone;
  const when = formatWhen(a.start, zone, locale);
  const vars = { service: a.serviceName, consultant: a.consultantName, when };
  const lines: Line[] = [
    input.name ? ['email.hello', { name: input.name }] : ['email.helloAnon'],
    [BODY[change], vars],
  ];
  const from = a.history.at(-1)?.from;
  if (change === 'rescheduled' && from)
    lines.push(['email.rescheduled.was', { from: formatWhen(from.start, zone, locale) }]);
  if (change === 'cancelled' && a.cancelReason)
    lines.push(['email.cancelled.reason', { reason: a.cancelReason }]);
  if (change === 'booked' || change === 'rescheduled') lines.push(['email.invite'], ['email.manage']);
  if (change === 'cancelled') lines.push(['email.inviteCancel']);
  lines.push(['email.signature']);
  const chat = [t(locale, BODY[change], vars)];
  if (change === 'cancelled' && a.cancelReason)
    chat.push(t(locale, 'email.cancelled.reason', { reason: a.cancelReason }));
  return {
    ...render(locale, t(locale, SUBJECT[change], { service: a.serviceName, when }), lines),
    chatText: chat.join(' '),
  };
}

/** The reminder of an appointment (sent about a day before), in the customer's language. */
export function reminderEmail(
  input: Omit<BookingEmailInput, 'change'>,
): RenderedEmail & { chatText: string } {
  const { appointment: a, locale } = input;
  const when = formatWhen(a.start, input.timeZone ?? a.timeZone, locale);
  const vars = { service: a.serviceName, consultant: a.consultantName, when };
  return {
    ...render(locale, t(locale, 'email.reminder.subject', { service: a.serviceName, when }), [
      input.name ? ['email.hello', { name: input.name }] : ['email.helloAnon'],
      ['email.reminder.body', vars],
      ['email.manage'],
      ['email.signature'],
    ]),
    chatText: `${t(locale, 'email.reminder.body', vars)} ${t(locale, 'email.manage')}`,
  };
}

export interface SignInCodeEmailInput {
  code: string;
  /** Where the code is typed: the web sign-in or the Messenger chat (linking). */
  channel: 'email' | 'messenger' | 'web' | 'admin';
  ttlSeconds: number;
  /** @default 'en' */
  locale?: Locale;
}

/** The sign-in code email: the code in the subject and both bodies, what it is for, how long it lasts. */
export function signInCodeEmail(input: SignInCodeEmailInput): RenderedEmail {
  const locale = input.locale ?? 'en';
  const minutes = Math.round(input.ttlSeconds / 60);
  const purpose: MessageKey =
    input.channel === 'messenger' ? 'email.otp.enterMessenger' : 'email.otp.enterSignIn';
  const mail = render(
    locale,
    t(locale, 'email.otp.subject', { code: input.code }),
    [[purpose], ['email.otp.expires', { minutes }], ['email.otp.ignore']],
    input.code,
  );
  // The plain-text part leads with the code, where a phone's preview shows it.
  return { ...mail, text: `${t(locale, 'email.otp.code', { code: input.code })}\n\n${mail.text}` };
}
