import fc from 'fast-check';
import { createEvent } from 'ics';
import type { Appointment } from '../../src/booking/model';
import { appointmentInvite, type InviteMethod } from '../../src/email/index';
import { t } from '../../src/i18n/index';
import { escapeText, foldLine } from '../../src/ical/index';
import { appointmentFixture } from '../support/appointment';

const NOW = new Date('2026-12-02T03:04:05.678Z');
const organizer = { name: 'Bookingbot', email: 'no-reply@bookingbot.local' };

const appointment = (overrides: Partial<Appointment> = {}): Appointment =>
  appointmentFixture({
    serviceName: 'Tư vấn tài chính cá nhân',
    consultantName: 'Nguyễn Thị Phương Thảo',
    ...overrides,
  });

const invite = (
  overrides: Partial<Appointment> = {},
  method: InviteMethod = 'REQUEST',
  attendee: { email: string; name?: string } = { email: 'an@example.com', name: 'Nguyễn Văn An' },
  locale: 'en' | 'vi' = 'vi',
) =>
  appointmentInvite({ appointment: appointment(overrides), method, locale, organizer, attendee, now: NOW });

/** RFC 5545 3.1: a fold is CRLF followed by one space or tab, and unfolding deletes both. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

/** Splits on `sep` outside double-quoted parameter values. */
function splitOutsideQuotes(s: string, sep: string, limit = Number.POSITIVE_INFINITY): string[] {
  const parts: string[] = [];
  let quoted = false;
  let from = 0;
  for (let i = 0; i < s.length && parts.length < limit - 1; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === sep && !quoted) {
      parts.push(s.slice(from, i));
      from = i + 1;
    }
  }
  return [...parts, s.slice(from)];
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Unfolded content lines as properties; parameter values without their quotes. */
function parse(ics: string): Property[] {
  return unfold(ics)
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [head = '', value = ''] = splitOutsideQuotes(line, ':', 2);
      const [name = '', ...params] = splitOutsideQuotes(head, ';');
      return {
        name,
        params: Object.fromEntries(
          params.map((p) => {
            const [k = '', v = ''] = p.split(/=(.*)/s);
            return [k, v.replace(/^"(.*)"$/s, '$1')];
          }),
        ),
        // URI schemes are case-insensitive (RFC 3986 3.1): `ics` wrote MAILTO: for the organizer.
        value: /^mailto:/i.test(value) ? `mailto:${value.slice(7)}` : value,
      };
    });
}

const value = (ics: string, name: string) => parse(ics).find((p) => p.name === name)?.value;

/** What the `ics` package (3.12.0, the writer before this one) produced for the same input. */
function icsPackageInvite(a: Appointment, method: InviteMethod, attendee: { email: string; name?: string }) {
  const now = jest.spyOn(Date, 'now').mockReturnValue(NOW.getTime());
  try {
    const { error, value } = createEvent({
      productId: '-//bookingbot//appointments//EN',
      method,
      uid: `${a.appointmentId}@bookingbot`,
      sequence: a.version,
      start: Date.parse(a.start),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: Date.parse(a.end),
      endInputType: 'utc',
      endOutputType: 'utc',
      title: `${a.serviceName} — ${a.consultantName}`,
      description: t('vi', 'email.manage'),
      status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
      organizer,
      attendees: [
        {
          email: attendee.email,
          ...(attendee.name ? { name: attendee.name } : {}),
          rsvp: false,
          partstat: 'ACCEPTED',
          role: 'REQ-PARTICIPANT',
        },
      ],
    });
    if (error || !value) throw error ?? new Error('empty');
    return value;
  } finally {
    now.mockRestore();
  }
}

/** Vietnamese letters (2 and 3 octets in UTF-8), the characters TEXT escapes, an emoji (4 octets). */
const vietnamese = fc.string({
  unit: fc.constantFrom(...'aăâbdđeêioôơuưyàảãáạằẳẵắặầẩẫấậềểễếệờởỡớợừửữứự ;,\\😀'),
  minLength: 1,
  maxLength: 120,
  // fast-check's default size keeps strings near 10 units: too short to reach a fold.
  size: 'max',
});

/** Any code point but lone surrogates (fast-check's `binary` unit does the same, 40 × slower). */
const anyText = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }))
    .map((cp) => String.fromCodePoint(cp)),
  maxLength: 200,
  size: 'max',
});

describe('calendar invites written by hand (RFC 5545)', () => {
  it('It should write the same properties, parameters and values as the ics package did', async () => {
    // Arrange
    const cases: [Partial<Appointment>, InviteMethod][] = [
      [{}, 'REQUEST'],
      [{ version: 2, start: '2026-12-04T09:15:00.000Z', end: '2026-12-04T10:00:00.000Z' }, 'REQUEST'],
      [{ version: 3, status: 'cancelled' }, 'CANCEL'],
    ];

    for (const [overrides, method] of cases) {
      // Act
      const attendee = { email: 'an@example.com', name: 'Nguyễn Văn An' };
      const ours = await invite(overrides, method, attendee);
      const theirs = icsPackageInvite(appointment(overrides), method, attendee);

      // Assert
      expect(parse(ours)).toEqual(parse(theirs));
    }
  });

  it('It should agree with the ics package for any Vietnamese names, escaped and unfolded', async () => {
    await fc.assert(
      fc.asyncProperty(vietnamese, vietnamese, vietnamese, async (serviceName, consultantName, name) => {
        // Act
        const attendee = { email: 'an@example.com', name };
        const ours = await invite({ serviceName, consultantName }, 'REQUEST', attendee);
        const theirs = icsPackageInvite(appointment({ serviceName, consultantName }), 'REQUEST', attendee);

        // Assert
        expect(parse(ours)).toEqual(parse(theirs));
      }),
      { numRuns: 200 },
    );
  });

  it('It should escape backslash, semicolon, comma and line breaks in text (RFC 5545 3.3.11)', async () => {
    // Act
    const ics = await invite({
      serviceName: 'Cắt; gội, sấy \\ tạo kiểu\r\nvà\nnhuộm',
      consultantName: 'Linh',
    });

    // Assert
    expect(value(ics, 'SUMMARY')).toBe('Cắt\\; gội\\, sấy \\\\ tạo kiểu\\nvà\\nnhuộm — Linh');
    expect(escapeText('tab\tstays, bell\u0007 goes')).toBe('tab\tstays\\, bell goes');
  });

  it('It should fold Vietnamese lines at 75 octets without splitting a character, and unfold to the same text', async () => {
    // Arrange
    const serviceName =
      'Tư vấn định cư và bảo lãnh gia đình — hồ sơ đầy đủ, phỏng vấn thử, dịch thuật công chứng';

    // Act
    const ics = await invite({ serviceName });
    const bytes = Buffer.from(ics, 'utf8');

    // Assert: every physical line ≤ 75 octets and valid UTF-8 by itself
    const lines = ics.split('\r\n').slice(0, -1);
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    let start = 0;
    for (let i = bytes.indexOf('\r\n'); i >= 0; i = bytes.indexOf('\r\n', start)) {
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i))).not.toThrow();
      start = i + 2;
    }
    // Assert: unfolding gives the text back exactly
    expect(value(ics, 'SUMMARY')).toBe(`${escapeText(serviceName)} — Nguyễn Thị Phương Thảo`);
  });

  it('It should fold any line to physical lines of at most 75 octets that unfold to it exactly', () => {
    fc.assert(
      fc.property(fc.oneof(vietnamese, anyText), (text) => {
        // Arrange: a content line never holds a raw line break (TEXT writes them as \n)
        const line = `SUMMARY:${text.replace(/[\r\n]/g, '')}`;

        // Act
        const folded = foldLine(line);

        // Assert
        for (const physical of folded.split('\r\n'))
          expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
      }),
    );
  });

  it('It should end every line with CRLF and use no bare CR or LF', async () => {
    // Act
    const ics = await invite({ serviceName: 'a\nb\rc' });

    // Assert
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it.each([
    ['REQUEST', 'CONFIRMED'],
    ['CANCEL', 'CANCELLED'],
  ] as const)('It should write every property an iTIP %s needs', async (method, status) => {
    // Act
    const ics = await invite({ version: 4 }, method);

    // Assert
    const props = parse(ics);
    expect(props.map((p) => p.name)).toEqual([
      'BEGIN',
      'VERSION',
      'CALSCALE',
      'PRODID',
      'METHOD',
      'X-PUBLISHED-TTL',
      'BEGIN',
      'UID',
      'SUMMARY',
      'DTSTAMP',
      'DTSTART',
      'DTEND',
      'SEQUENCE',
      'DESCRIPTION',
      'STATUS',
      'ORGANIZER',
      'ATTENDEE',
      'END',
      'END',
    ]);
    expect(value(ics, 'METHOD')).toBe(method);
    expect(value(ics, 'STATUS')).toBe(status);
    expect(value(ics, 'UID')).toBe('appt-1@bookingbot');
    expect(value(ics, 'SEQUENCE')).toBe('4');
    expect(value(ics, 'DTSTAMP')).toBe('20261202T030405Z');
    expect(value(ics, 'DTSTART')).toBe('20261203T080000Z');
    expect(value(ics, 'DTEND')).toBe('20261203T083000Z');
    expect(value(ics, 'ORGANIZER')).toBe('mailto:no-reply@bookingbot.local');
  });

  it('It should keep the UID and raise SEQUENCE with the version on a reschedule and a cancel', async () => {
    // Act
    const booked = await invite({ version: 1 });
    const moved = await invite({
      version: 2,
      start: '2026-12-04T08:00:00.000Z',
      end: '2026-12-04T08:30:00.000Z',
    });
    const cancelled = await invite({ version: 3, status: 'cancelled' }, 'CANCEL');

    // Assert
    expect([booked, moved, cancelled].map((ics) => value(ics, 'UID'))).toEqual(
      Array(3).fill('appt-1@bookingbot'),
    );
    expect([booked, moved, cancelled].map((ics) => value(ics, 'SEQUENCE'))).toEqual(['1', '2', '3']);
    expect(value(moved, 'DTSTART')).toBe('20261204T080000Z');
  });

  it('It should leave out CN for an attendee without a name and quote names with RFC 6868 escapes', async () => {
    // Act
    const unnamed = await invite({}, 'REQUEST', { email: 'x@example.com' });
    const quoted = await invite({}, 'REQUEST', { email: 'x@example.com', name: 'An "Bé" ^_^; Nguyễn, Văn' });

    // Assert
    expect(parse(unnamed).find((p) => p.name === 'ATTENDEE')).toEqual({
      name: 'ATTENDEE',
      params: { RSVP: 'FALSE', ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'ACCEPTED' },
      value: 'mailto:x@example.com',
    });
    expect(unfold(quoted)).toContain(`;CN="An ^'Bé^' ^^_^^; Nguyễn, Văn":mailto:x@example.com\r\n`);
  });

  it('It should reject an appointment whose time cannot be read, as the ics package did', async () => {
    await expect(invite({ start: 'not a date' })).rejects.toThrow(RangeError);
  });
});
