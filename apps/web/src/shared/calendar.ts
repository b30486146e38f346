// "Add to calendar", built in the browser: an RFC 5545 .ics file (Apple, Outlook, most apps) and a
// Google Calendar template link. The content-line rules (escaping, folding at 75 UTF-8 octets —
// Vietnamese titles run past it) are the ones the booking emails' invites use (@bookingbot/common/ical,
// plain functions, ≈ 1 KB); a calendar library would be most of the 120 KB budget.
import { escapeText, icalObject, utcDateTime } from '@bookingbot/common/ical';

export interface CalendarEvent {
  uid: string;
  title: string;
  start: string;
  end: string;
  description?: string;
}

export function icsText(e: CalendarEvent, now = new Date()): string {
  return icalObject([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bookingbot//web//EN',
    'BEGIN:VEVENT',
    `UID:${e.uid}@bookingbot`,
    `DTSTAMP:${utcDateTime(now)}`,
    `DTSTART:${utcDateTime(e.start)}`,
    `DTEND:${utcDateTime(e.end)}`,
    `SUMMARY:${escapeText(e.title)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ]);
}

export const icsHref = (e: CalendarEvent) =>
  `data:text/calendar;charset=utf-8,${encodeURIComponent(icsText(e))}`;

export function googleCalendarHref(e: CalendarEvent): string {
  const q = new URLSearchParams({
    action: 'TEMPLATE',
    text: e.title,
    dates: `${utcDateTime(e.start)}/${utcDateTime(e.end)}`,
    ...(e.description ? { details: e.description } : {}),
  });
  return `https://calendar.google.com/calendar/render?${q}`;
}
