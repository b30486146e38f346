import fc from 'fast-check';
import type { Turn, Understanding } from '../../src/conversation/types';
import { CODE, chat, fakeWorld, mid, offered, textsOf } from './support/fake-ports';

/**
 * A fast-check property over the pure machine: random sessions of taps on what the bot offered,
 * mutated payloads and typed texts (the sentences, emails, codes, random strings, read
 * by the real NLU or given a random reading through the NLU port). Whatever the sequence: every turn answers, no turn
 * books more than once, and "Booked!" is said only when the booking port returned an appointment.
 */
const CORPUS = [
  'book a consultation tomorrow at 3pm',
  "I'd like an intro call on Friday morning",
  'can I move my appointment to Thursday?',
  'cancel my appointment',
  'talk to a person',
  'đặt lịch tư vấn 3 giờ chiều mai',
  'cho tôi đặt cuộc gọi giới thiệu lúc 10h ngày 5/12',
  'dời lịch hẹn sang thứ sáu',
  'hủy lịch hẹn',
  'cho tôi gặp nhân viên',
  'yes',
  'có',
  'no',
  'help',
  'my appointments',
  'hi',
  '15:00',
  '9',
  'resend',
  'lan@example.com',
  CODE,
  '000000',
];

const understanding: fc.Arbitrary<Understanding> = fc.record(
  {
    intent: fc.constantFrom<Understanding['intent']>(
      'book',
      'reschedule',
      'cancel',
      'myAppointments',
      'help',
      'person',
      'yes',
      'no',
      'greeting',
      'unknown',
    ),
    serviceId: fc.constantFrom('svc-consult', 'svc-intro', 'svc-gone'),
    date: fc.constantFrom('2026-12-01', '2026-12-02', '2026-12-05', '2026-12-31', '2025-01-01'),
    time: fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:00`),
    range: fc.constantFrom(
      { from: '06:00', to: '12:00' },
      { from: '12:00', to: '18:00' },
      { from: '18:00', to: '22:00' },
    ),
    locale: fc.constantFrom<'en' | 'vi'>('en', 'vi'),
  },
  { requiredKeys: ['intent'] },
);

const mutate = (payload: string, how: number, junk: string) =>
  [
    payload.slice(0, Math.max(0, payload.length - 3)),
    `${payload}${'x'.repeat(10_000)}`,
    payload.replace(/\d/, 'Z'),
    payload.replace(/\d{4}-\d{2}-\d{2}T/, '+275760-09-13T'),
    junk,
    payload.replace('v1:', 'v9:'),
  ][how % 6] ?? junk;

type Action =
  | { kind: 'tap'; index: number }
  | { kind: 'mutated'; index: number; how: number; junk: string }
  | { kind: 'text'; text: string; u: Understanding | undefined };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('tap' as const), index: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('mutated' as const),
      index: fc.nat(),
      how: fc.nat(),
      junk: fc.string(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('text' as const),
      text: fc.oneof(fc.constantFrom(...CORPUS), fc.string({ maxLength: 60 })),
      u: fc.option(understanding, { nil: undefined }),
    }),
  },
);

describe('the conversation machine, as a property', () => {
  it('It should answer every turn, book at most once per confirmation and say "Booked" only for a returned appointment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(action, { minLength: 1, maxLength: 25 }),
        async (linked, actions) => {
          // Arrange
          const world = fakeWorld();
          const c = chat(world, linked ? { userId: 'u-1', email: 'lan@example.com' } : undefined);
          let last: Turn = await c.tap('GET_STARTED');

          for (const a of actions) {
            // Act
            const before = world.bookings.length;
            const choices = offered(last);
            const chosen = choices.length
              ? choices[a.kind === 'text' ? 0 : a.index % choices.length]?.payload
              : undefined;
            if (a.kind === 'text') {
              const u = a.u;
              world.setNlu(u ? () => u : undefined); // undefined: the real NLU reads the text
              last = await c.text(a.text, mid());
            } else {
              const raw = chosen ?? 'MENU';
              last = await c.tap(a.kind === 'tap' ? raw : mutate(raw, a.how, a.junk), mid());
            }
            const calls = world.bookings.slice(before);

            // Assert
            expect(last.replies.length).toBeGreaterThan(0);
            expect(calls.length).toBeLessThanOrEqual(1);
            if (/Booked!|Đã đặt!/.test(textsOf(last)))
              expect(calls.map((b) => b.result)).toEqual([expect.stringMatching(/^(booked|replayed)$/)]);
          }
          const booked = world.bookings.filter((b) => b.result === 'booked');
          expect(new Set(booked.map((b) => b.key)).size).toBe(booked.length);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
