// "Add to calendar", built in the browser: an RFC 5545 .ics file (Apple, Outlook, most apps) and a
// Google Calendar template link. Hand-written: a single VEVENT is a dozen lines, smaller than any
// calendar library's share of the 120 KB budget.
export interface CalendarEvent {
  uid: string;
  title: string;
  start: string;
  end: string;
  description?: string;
}

const stamp = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
const escapeText = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');

export function icsText(e: CalendarEvent, now = new Date()): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//bookingbot//web//EN',
    'BEGIN:VEVENT',
    `UID:${e.uid}@bookingbot`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(e.start)}`,
    `DTEND:${stamp(e.end)}`,
    `SUMMARY:${escapeText(e.title)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

export const icsHref = (e: CalendarEvent) =>
  `data:text/calendar;charset=utf-8,${encodeURIComponent(icsText(e))}`;

export function googleCalendarHref(e: CalendarEvent): string {
  const q = new URLSearchParams({
    action: 'TEMPLATE',
    text: e.title,
    dates: `${stamp(e.start)}/${stamp(e.end)}`,
    ...(e.description ? { details: e.description } : {}),
  });
  return `https://calendar.google.com/calendar/render?${q}`;
}
