// The few RFC 5545 content-line rules the appointment invite needs, written here instead of taken
// from the `ics` package: `ics` validates its input with `yup` and counts characters with `runes2`,
// and each of the 13 functions that may send an invite (user-api appointments create, cancel and
// reschedule; the admin-api booking, schedule and consultant changes; the messenger worker) was
// 82 KB bigger with them (esbuild, the services' options, 2026-12-02), for one fixed-shape VEVENT
// that these few functions write. `ics` also folded at 75 characters, not octets, so its
// Vietnamese lines ran past the limit; this folds by UTF-8 octets.

/** Octets of one code point in UTF-8 (a lone surrogate is written as U+FFFD: 3). */
const utf8Octets = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/**
 * One content line folded so that no physical line exceeds 75 octets (RFC 5545 3.1): each fold is
 * CRLF + one space, placed between code points, never inside a multi-octet UTF-8 sequence.
 * Unfolding (deleting every CRLF followed by one space or tab) gives the line back exactly.
 */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (const ch of line) {
    const n = utf8Octets(ch.codePointAt(0) ?? 0);
    if (octets + n > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += ch;
    octets += n;
  }
  return out;
}

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, any line break written
 * as `\n`; other control characters (Unicode Cc), which TEXT does not allow, are dropped; tab stays.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(/(?!\t)\p{Cc}/gu, '');
}

/**
 * A parameter value as a quoted string: DQUOTE cannot appear inside one, so `^`, `"` and line
 * breaks are written with RFC 6868's `^^`, `^'` and `^n`; other control characters (Cc) are dropped.
 */
export function paramValue(value: string): string {
  const encoded = value
    .replace(/\r\n?/g, '\n')
    .replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'))
    .replace(/\p{Cc}/gu, '');
  return `"${encoded}"`;
}

/** A UTC DATE-TIME (`20261203T080000Z`) from an ISO instant; throws on an unreadable one. */
export function utcDateTime(iso: string | Date): string {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a date-time: ${String(iso)}`);
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Content lines as an iCalendar object: each folded, each ended by CRLF (the last one too). */
export function icalObject(lines: readonly string[]): string {
  return lines.map((l) => `${foldLine(l)}\r\n`).join('');
}
