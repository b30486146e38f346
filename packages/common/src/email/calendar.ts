import type { Appointment } from '../booking/model';
import { type Locale, t } from '../i18n';

/** REQUEST adds or updates the event in the customer's calendar; CANCEL removes it. */
export type InviteMethod = 'REQUEST' | 'CANCEL';

export interface InviteInput {
  appointment: Appointment;
  method: InviteMethod;
  locale: Locale;
  organizer: { name: string; email: string };
  attendee: { email: string; name?: string };
}

/**
 * The appointment as an iCalendar invitation (RFC 5546 iTIP), built with the `ics` package.
 * One UID per appointment (`<appointmentId>@bookingbot`) and SEQUENCE = the appointment's version,
 * which every change bumps, so a calendar replaces the event on a reschedule and drops it on a
 * CANCEL instead of adding a second one. Times in UTC: the calendar shows them in its own zone.
 * `ics` is loaded on first use, so functions that never send an invite do not pay for it at init.
 */
export async function appointmentInvite(input: InviteInput): Promise<string> {
  const { createEvent } = await import('ics');
  const a = input.appointment;
  const { error, value } = createEvent({
    productId: '-//bookingbot//appointments//EN',
    method: input.method,
    uid: `${a.appointmentId}@bookingbot`,
    sequence: a.version,
    start: Date.parse(a.start),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: Date.parse(a.end),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `${a.serviceName} — ${a.consultantName}`,
    description: t(input.locale, 'email.manage'),
    status: input.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer: input.organizer,
    attendees: [
      {
        email: input.attendee.email,
        ...(input.attendee.name ? { name: input.attendee.name } : {}),
        rsvp: false,
        partstat: 'ACCEPTED',
        role: 'REQ-PARTICIPANT',
      },
    ],
  });
  if (error || !value) throw new Error(`calendar invite not built: ${error?.message ?? 'empty'}`);
  return value;
}
