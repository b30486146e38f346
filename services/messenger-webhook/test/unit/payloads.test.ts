import {
  decodePayload,
  encodePayload,
  MAX_PAYLOAD_BYTES,
  type Payload,
} from '../../src/conversation/payloads';

/** The one payload codec: what the bot offers decodes back; anything forged or damaged does not. */
describe('the payload codec', () => {
  const every: Payload[] = [
    { kind: 'GET_STARTED' },
    { kind: 'MENU' },
    { kind: 'HELP' },
    { kind: 'BOOK' },
    { kind: 'MY_APPTS' },
    { kind: 'HUMAN' },
    { kind: 'CANCEL_FLOW' },
    { kind: 'SVCS', page: 2 },
    { kind: 'SVC', serviceId: '0b7c4c1e-9f1a-4c39-8d7e-3f4a5b6c7d8e' },
    { kind: 'DAYS' },
    { kind: 'DAY', day: '2026-12-05' },
    { kind: 'TIMES', page: 1 },
    { kind: 'TIME', start: '2026-12-05T08:00:00.000Z', consultantId: 'cons_1' },
    { kind: 'CONFIRM_BOOK' },
    { kind: 'RESCHED_YES' },
    { kind: 'APPT_CANCEL', appointmentId: 'a-1' },
    { kind: 'APPT_CANCEL_YES', appointmentId: 'a-1' },
    { kind: 'APPT_RESCHED', appointmentId: 'a-1' },
  ];

  it.each(every.map((p) => [p.kind, p] as const))(
    'It should decode what it encoded for %s, with the version prefix',
    (_k, p) => {
      // Act
      const raw = encodePayload(p);

      // Assert
      expect(raw.startsWith('v1:')).toBe(true);
      expect(decodePayload(raw)).toEqual(p);
    },
  );

  it('It should accept the unversioned menu payloads stored in the Page profile', () => {
    // Act
    const decoded = ['GET_STARTED', 'BOOK', 'MY_APPTS', 'HUMAN'].map(decodePayload);

    // Assert
    expect(decoded.map((p) => p?.kind)).toEqual(['GET_STARTED', 'BOOK', 'MY_APPTS', 'HUMAN']);
  });

  it.each([
    ['a time that is not a date', 'v1:TIME:Invalid DateTime|cons_1'],
    ['a timestamp beyond the JavaScript date range', 'v1:TIME:+275760-09-13T00:00:00.001Z|cons_1'],
    ['a far-future timestamp', 'v1:TIME:9999-12-31T23:00:00.000Z|cons_1'],
    ['a day that does not exist', 'v1:DAY:2026-02-31'],
    ['an id with a key separator', 'v1:SVC:abc#def'],
    ['a service id with 10 KB appended', `v1:SVC:abc${'x'.repeat(10_000)}`],
    ['a payload just over the size bound', `v1:SVC:${'a'.repeat(MAX_PAYLOAD_BYTES)}`],
    ['an unknown kind', 'v1:DROP_TABLE'],
    ['a missing argument', 'v1:TIME:2026-12-05T08:00:00.000Z'],
    ['an extra argument', 'v1:SVC:a|b'],
    ['another version', 'v2:BOOK'],
    ['an old unversioned payload with arguments', 'SVC:abc'],
    ['a prototype key', 'v1:__proto__'],
    ['not a string', 42],
  ])('It should refuse %s', (_what, raw) => {
    // Act
    const decoded = decodePayload(raw);

    // Assert
    expect(decoded).toBeUndefined();
  });
});
