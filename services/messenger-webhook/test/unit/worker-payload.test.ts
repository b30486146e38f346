import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { workerPayloadJson } from '../../src/lib/worker-client';

/** Meta's serialization: non-ASCII as `\uXXXX`, `/` as `\/` (the bytes it signs). */
const metaStyle = (value: unknown) =>
  JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');

/** What the webhook built before the raw-body payload: the parsed body re-serialized. */
const stringified = (raw: string, receivedAt: number, correlationId?: string) =>
  JSON.stringify({ receivedAt, ...(correlationId ? { correlationId } : {}), body: JSON.parse(raw) });

// Strings with what JSON has to escape: quotes, backslashes, control characters, non-ASCII
// (Vietnamese, emoji as surrogate pairs), slashes.
const tricky = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) }),
  fc.constantFrom(
    '"',
    '\\',
    '\\"',
    '/',
    '</script>',
    'đặt lịch 3h chiều',
    '😀',
    '\u2028\u2029',
    '\u0000\n\t',
  ),
);
const webhookLike = fc.record({
  object: fc.constant('page'),
  entry: fc.array(
    fc.record({
      id: fc.string(),
      time: fc.integer(),
      messaging: fc.array(
        fc.record({ sender: fc.record({ id: fc.string() }), message: fc.record({ text: tricky }) }),
      ),
    }),
    { maxLength: 3 },
  ),
  extra: fc.jsonValue(),
});

describe('workerPayloadJson', () => {
  it('It should wrap the raw webhook bytes without re-serializing them, as valid JSON', () => {
    // Arrange
    const raw = readFileSync(path.join(__dirname, '../fixtures/single.json'), 'utf8');

    // Act
    const json = workerPayloadJson(raw, 1763776800100, 'req-"1"');

    // Assert
    expect(json).toContain(raw);
    expect(JSON.parse(json)).toEqual({
      receivedAt: 1763776800100,
      correlationId: 'req-"1"',
      body: JSON.parse(raw),
    });
  });

  it('It should give the worker the same payload as JSON.stringify of the parsed body, whatever the body holds', () => {
    fc.assert(
      fc.property(
        webhookLike,
        fc.constantFrom(JSON.stringify, metaStyle, (v: unknown) => JSON.stringify(v, null, 2)),
        fc.nat(),
        fc.option(tricky, { nil: undefined }),
        (body, serialize, receivedAt, correlationId) => {
          // Arrange
          const raw = serialize(body);

          // Act
          const built = workerPayloadJson(raw, receivedAt, correlationId);

          // Assert: the worker parses the same value either way, and the raw bytes travel untouched
          expect(JSON.parse(built)).toEqual(JSON.parse(stringified(raw, receivedAt, correlationId)));
          expect(built.endsWith(`"body":${raw}}`)).toBe(true);
        },
      ),
    );
  });
});
