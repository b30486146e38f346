import fc from 'fast-check';
import type { WeeklyHours } from '../../src/booking/model';
import type { BookingPolicy } from '../../src/booking/policy';
import {
  blocksCovering,
  computeSlots,
  fitsSchedule,
  occupiedBlocks,
  slotRefusal,
} from '../../src/booking/slots';

const policy: BookingPolicy = {
  slotStepMinutes: 15,
  minNoticeMinutes: 120,
  horizonDays: 30,
  cutoffMinutes: 120,
};
const svc = (durationMinutes: number, bufferAfterMinutes = 0) => ({ durationMinutes, bufferAfterMinutes });
const consultant = (
  timeZone: string,
  weeklyHours: WeeklyHours,
  timeOff: { start: string; end: string }[] = [],
) => ({
  consultantId: 'c1',
  timeZone,
  weeklyHours,
  timeOff: timeOff.map((t, i) => ({ timeOffId: String(i), ...t })),
});
const day = (date: string, zone = 'UTC') => ({
  from: new Date(`${date}T00:00:00${zone === 'UTC' ? 'Z' : ''}`),
  to: new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000),
});
const starts = (slots: { start: string }[]) => slots.map((s) => s.start.slice(11, 16));
const EARLY = new Date('2026-11-20T00:00:00Z');

describe('slot computation', () => {
  it('It should step on the grid inside a working range and keep the whole duration inside it', () => {
    // Arrange: Monday 2026-11-23, 09:00-10:00 UTC, a 30-minute service.
    const c = consultant('UTC', { mon: [{ start: '09:00', end: '10:00' }] });

    // Act
    const slots = computeSlots({
      service: svc(30),
      consultant: c,
      ...day('2026-11-23'),
      now: EARLY,
      policy,
      takenBlocks: new Set(),
    });

    // Assert
    expect(starts(slots)).toEqual(['09:00', '09:15', '09:30']);
    expect(slots[0]).toEqual({
      start: '2026-11-23T09:00:00.000Z',
      end: '2026-11-23T09:30:00.000Z',
      consultantId: 'c1',
    });
  });

  it('It should offer several ranges of one day and nothing between them', () => {
    const c = consultant('UTC', {
      mon: [
        { start: '09:00', end: '09:30' },
        { start: '13:00', end: '13:45' },
      ],
    });

    const slots = computeSlots({
      service: svc(30),
      consultant: c,
      ...day('2026-11-23'),
      now: EARLY,
      policy,
      takenBlocks: new Set(),
    });

    expect(starts(slots)).toEqual(['09:00', '13:00', '13:15']);
  });

  it('It should align the grid to the local clock when a range starts off the grid', () => {
    const c = consultant('UTC', { mon: [{ start: '09:10', end: '10:00' }] });

    const slots = computeSlots({
      service: svc(15),
      consultant: c,
      ...day('2026-11-23'),
      now: EARLY,
      policy,
      takenBlocks: new Set(),
    });

    expect(starts(slots)).toEqual(['09:15', '09:30', '09:45']);
  });

  it("It should keep an existing appointment's duration and buffer blocked, and apply the new service's own buffer", () => {
    // Arrange: an appointment 10:00-10:30 with a 15-minute buffer holds [10:00, 10:45).
    const c = consultant('UTC', { mon: [{ start: '09:00', end: '12:00' }] });
    const taken = new Set(
      occupiedBlocks(Date.parse('2026-11-23T10:00:00Z'), Date.parse('2026-11-23T10:30:00Z'), 15),
    );

    // Act
    const noBuffer = starts(
      computeSlots({
        service: svc(30),
        consultant: c,
        ...day('2026-11-23'),
        now: EARLY,
        policy,
        takenBlocks: taken,
      }),
    );
    const withBuffer = starts(
      computeSlots({
        service: svc(30, 10),
        consultant: c,
        ...day('2026-11-23'),
        now: EARLY,
        policy,
        takenBlocks: taken,
      }),
    );

    // Assert: 09:30-10:00 fits exactly before; with a 10-minute buffer it would run into 10:00.
    expect(noBuffer).toEqual(expect.arrayContaining(['09:30', '10:45']));
    expect(noBuffer).not.toEqual(expect.arrayContaining(['09:45']));
    expect(noBuffer.filter((s) => s >= '09:45' && s < '10:45')).toEqual([]);
    expect(withBuffer).toContain('09:15');
    expect(withBuffer).not.toContain('09:30');
    expect(withBuffer).toContain('10:45');
  });

  it('It should leave out slots overlapping time off, but keep one ending exactly when it starts', () => {
    const c = consultant('UTC', { mon: [{ start: '09:00', end: '12:00' }] }, [
      { start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' },
    ]);

    const slots = starts(
      computeSlots({
        service: svc(30),
        consultant: c,
        ...day('2026-11-23'),
        now: EARLY,
        policy,
        takenBlocks: new Set(),
      }),
    );

    expect(slots).toContain('09:30');
    expect(slots.filter((s) => s > '09:30' && s < '11:00')).toEqual([]);
    expect(slots).toContain('11:00');
  });

  it('It should read working hours in the consultant zone (Asia/Ho_Chi_Minh is UTC+7)', () => {
    const c = consultant('Asia/Ho_Chi_Minh', { mon: [{ start: '09:00', end: '10:00' }] });

    const slots = computeSlots({
      service: svc(60),
      consultant: c,
      from: new Date('2026-11-22T17:00:00Z'), // Monday 00:00 in Ho Chi Minh City
      to: new Date('2026-11-23T17:00:00Z'),
      now: EARLY,
      policy,
      takenBlocks: new Set(),
    });

    expect(slots.map((s) => s.start)).toEqual(['2026-11-23T02:00:00.000Z']);
  });

  it('It should follow the DST change in London: 09:00 local is 09:00Z before and 08:00Z after', () => {
    const c = consultant('Europe/London', { sun: [{ start: '09:00', end: '10:00' }] });
    const now = new Date('2026-03-20T00:00:00Z');

    const before = computeSlots({
      service: svc(60),
      consultant: c,
      ...day('2026-03-22'),
      now,
      policy,
      takenBlocks: new Set(),
    });
    const after = computeSlots({
      service: svc(60),
      consultant: c,
      ...day('2026-03-29'),
      now,
      policy,
      takenBlocks: new Set(),
    });

    expect(before.map((s) => s.start)).toEqual(['2026-03-22T09:00:00.000Z']);
    expect(after.map((s) => s.start)).toEqual(['2026-03-29T08:00:00.000Z']);
  });

  it('It should offer one hour less across the spring-forward gap and one more across the autumn fall-back', () => {
    const c = consultant('Europe/London', { sun: [{ start: '00:00', end: '03:00' }] });
    const args = { service: svc(60), consultant: c, policy, takenBlocks: new Set<number>() };

    // 29 March 2026: 00:00 GMT → 03:00 BST is two real hours; 25 October 2026: 00:00 BST → 03:00 GMT is four.
    const spring = computeSlots({ ...args, ...day('2026-03-29'), now: new Date('2026-03-20T00:00:00Z') });
    const normal = computeSlots({ ...args, ...day('2026-03-22'), now: new Date('2026-03-20T00:00:00Z') });
    const autumn = computeSlots({
      ...args,
      from: new Date('2026-10-24T23:00:00Z'),
      to: new Date('2026-10-26T00:00:00Z'),
      now: new Date('2026-10-20T00:00:00Z'),
    });

    expect(normal).toHaveLength(9); // 00:00 … 02:00 every 15 minutes
    expect(spring).toHaveLength(5); // 00:00Z … 01:00Z
    expect(spring.at(-1)?.end).toBe('2026-03-29T02:00:00.000Z');
    expect(autumn).toHaveLength(13); // 23:00Z (00:00 BST) … 02:00Z
    expect(autumn.at(-1)?.end).toBe('2026-10-25T03:00:00.000Z');
  });

  it('It should respect the minimum notice', () => {
    const c = consultant('UTC', { mon: [{ start: '09:00', end: '13:00' }] });
    const now = new Date('2026-11-23T09:05:00Z');

    const slots = starts(
      computeSlots({
        service: svc(30),
        consultant: c,
        ...day('2026-11-23'),
        now,
        policy,
        takenBlocks: new Set(),
      }),
    );

    expect(slots[0]).toBe('11:15');
  });

  it('It should offer nothing beyond the booking horizon', () => {
    const c = consultant('UTC', {
      mon: [{ start: '09:00', end: '10:00' }],
      tue: [{ start: '09:00', end: '10:00' }],
    });
    const now = new Date('2026-11-23T09:30:00Z'); // horizon ends Wednesday 23 December 09:30

    const lastDay = computeSlots({
      service: svc(30),
      consultant: c,
      ...day('2026-12-21'),
      now,
      policy,
      takenBlocks: new Set(),
    });
    const beyond = computeSlots({
      service: svc(30),
      consultant: c,
      ...day('2026-12-29'),
      now,
      policy,
      takenBlocks: new Set(),
    });

    expect(lastDay).toHaveLength(3);
    expect(beyond).toEqual([]);
  });

  it('It should say why a start is refused', () => {
    const c = consultant('UTC', { mon: [{ start: '09:00', end: '12:00' }] }, [
      { start: '2026-11-30T11:00:00Z', end: '2026-11-30T12:00:00Z' },
    ]);
    const now = new Date('2026-11-23T09:00:00Z');
    const refuse = (iso: string) => slotRefusal(svc(30), c, new Date(iso), now, policy);

    expect(refuse('2026-11-23T08:00:00Z')).toBe('past');
    expect(refuse('2026-11-23T10:00:00Z')).toBe('tooSoon');
    expect(refuse('2027-01-04T09:00:00Z')).toBe('beyondHorizon');
    expect(refuse('2026-11-30T09:05:00Z')).toBe('offGrid');
    expect(refuse('2026-11-30T11:45:00Z')).toBe('outsideWorkingHours');
    expect(refuse('2026-12-01T09:00:00Z')).toBe('outsideWorkingHours');
    expect(refuse('2026-11-30T11:00:00Z')).toBe('timeOff');
    expect(refuse('2026-11-30T09:15:00Z')).toBeUndefined();
    expect(
      slotRefusal(svc(30), c, new Date('2026-11-23T10:00:00Z'), now, policy, { ignoreNotice: true }),
    ).toBe(undefined);
  });

  it('It should make two intervals share a guard block exactly when they overlap', () => {
    const fiveMin = fc
      .integer({ min: 0, max: 200 })
      .map((n) => Date.parse('2026-11-23T00:00:00Z') + n * 300_000);
    const interval = fc
      .tuple(fiveMin, fc.integer({ min: 1, max: 48 }))
      .map(([start, blocks]) => [start, start + blocks * 300_000] as const);
    fc.assert(
      fc.property(interval, interval, ([a0, a1], [b0, b1]) => {
        const shared = blocksCovering(a0, a1).some((x) => blocksCovering(b0, b1).includes(x));
        return shared === (a0 < b1 && b0 < a1);
      }),
    );
  });

  it('It should tell whether an existing appointment still fits a changed schedule', () => {
    const hours = { mon: [{ start: '09:00', end: '12:00' }] };
    const start = Date.parse('2026-11-23T10:00:00Z');
    const end = start + 30 * 60_000;

    expect(fitsSchedule(consultant('UTC', hours), start, end)).toBe(true);
    expect(fitsSchedule(consultant('UTC', { mon: [{ start: '11:00', end: '12:00' }] }), start, end)).toBe(
      false,
    );
    expect(
      fitsSchedule(
        consultant('UTC', hours, [{ start: '2026-11-23T10:15:00Z', end: '2026-11-23T10:45:00Z' }]),
        start,
        end,
      ),
    ).toBe(false);
  });
});
