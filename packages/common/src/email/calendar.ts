import type { Appointment } from '../booking/model';
import { type Locale, t } from '../i18n';
import { escapeText, icalObject, paramValue, utcDateTime } from '../ical/index';

/** REQUEST adds or updates the event in the customer's calendar; CANCEL removes it. */
export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteInput {
  appointment: Appointment;
  method: InviteMethod;
  locale: Locale;
  organizer: { name: string; email: string };
  attendee: { email: string; name?: string };
  /** When the invite is written (DTSTAMP). @default new Date() */
  now?: Date;
}

/**
 * The appointment as an iCalendar invitation (RFC 5546 iTIP), written by ../ical (why not the `ics`
 * package: see there). One UID per appointment (`<appointmentId>@bookingbot`) and SEQUENCE = the
 * appointment's version, which every change bumps, so a calendar replaces the event on a
 * reschedule and drops it on a CANCEL instead of adding a second one. Times in UTC: the calendar
 * shows them in its own zone. Rejects when a time is unreadable (the email then goes without it).
 */
export async function appointmentInvite(input: InviteInput): Promise<string> {
  const a = input.appointment;
  const { organizer, attendee } = input;
  return icalObject([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'PRODID:-//bookingbot//appointments//EN',
    `METHOD:${input.method}`,
    'X-PUBLISHED-TTL:PT1H',
    'BEGIN:VEVENT',
    `UID:${a.appointmentId}@bookingbot`,
    `SUMMARY:${escapeText(`${a.serviceName} — ${a.consultantName}`)}`,
    `DTSTAMP:${utcDateTime(input.now ?? new Date())}`,
    `DTSTART:${utcDateTime(a.start)}`,
    `DTEND:${utcDateTime(a.end)}`,
    `SEQUENCE:${a.version}`,
    `DESCRIPTION:${escapeText(t(input.locale, 'email.manage'))}`,
    `STATUS:${input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${paramValue(organizer.name)}:mailto:${organizer.email}`,
    // No CN without a name: the calendar shows the address (`ics` wrote "Unnamed attendee").
    `ATTENDEE;RSVP=FALSE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED${
      attendee.name ? `;CN=${paramValue(attendee.name)}` : ''
    }:mailto:${attendee.email}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
}
