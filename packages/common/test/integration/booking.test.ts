import { randomUUID } from 'node:crypto';
import {
  bookAppointment,
  cancelAppointment,
  createConsultant,
  createService,
  findOrphanedAppointments,
  getAppointment,
  listAppointments,
  markAppointmentOutcome,
  rescheduleAppointment,
  SlotTakenError,
  setMessengerNotifier,
  takenBlocks,
} from '../../src/booking/index';

const allDay = [{ start: '00:00', end: '24:00' }];
const everyDay = {
  mon: allDay,
  tue: allDay,
  wed: allDay,
  thu: allDay,
  fri: allDay,
  sat: allDay,
  sun: allDay,
};

async function catalog(durationMinutes = 30, bufferAfterMinutes = 0, timeZone = 'UTC') {
  const service = await createService({ name: `svc ${randomUUID()}`, durationMinutes, bufferAfterMinutes });
  const consultant = await createConsultant({
    name: `con ${randomUUID()}`,
    timeZone,
    serviceIds: [service.serviceId],
    weeklyHours: everyDay,
  });
  return { service, consultant };
}

const at = (days: number, hhmm: string) =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}:00.000Z`;
const user = () => ({ userId: randomUUID(), channel: 'web' as const });
const actorOf = (u: { userId: string }) => ({ kind: 'user' as const, userId: u.userId });

// 100 transactions of 13 items against DynamoDB Local on a shared 2-core machine take a while.
jest.setTimeout(240_000);

beforeAll(() => setMessengerNotifier(async () => undefined));
afterAll(() => setMessengerNotifier(undefined));

describe('claiming slots under concurrency', () => {
  it('It should let exactly one of 100 parallel claims of one slot succeed; the 99 others get slotTaken', async () => {
    // Arrange
    const { service, consultant } = await catalog(45, 15);
    const start = at(3, '10:00');

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => {
        const u = user();
        return bookAppointment({
          ...u,
          actor: actorOf(u),
          serviceId: service.serviceId,
          consultantId: consultant.consultantId,
          start,
        });
      }),
    );

    // Assert
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const r of lost) {
      expect(r.reason).toBeInstanceOf(SlotTakenError);
      expect(r.reason).toMatchObject({ code: 'booking.slotTaken', status: 409 });
    }
    const stored = await listAppointments({
      from: at(3, '00:00'),
      to: at(4, '00:00'),
      consultantId: consultant.consultantId,
    });
    expect(stored).toHaveLength(1);
    expect(
      (
        await takenBlocks(
          consultant.consultantId,
          Date.parse(start) - 3_600_000,
          Date.parse(start) + 7_200_000,
        )
      ).size,
    ).toBe(12);
  });

  it('It should let only one of many parallel claims with different but overlapping starts succeed', async () => {
    const { service, consultant } = await catalog(60);
    const starts = ['09:30', '09:45', '10:00', '10:15'].map((t) => at(4, t));

    const results = await Promise.allSettled(
      starts.flatMap((start) =>
        Array.from({ length: 6 }, () => {
          const u = user();
          return bookAppointment({
            ...u,
            actor: actorOf(u),
            serviceId: service.serviceId,
            consultantId: consultant.consultantId,
            start,
          });
        }),
      ),
    );

    // Every pair of these hour-long intervals overlaps, so one booking in total.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('It should keep a reschedule atomic against a concurrent claim of the new slot (one winner, nothing half-done)', async () => {
    for (let round = 0; round < 6; round++) {
      // Arrange: A holds 09:00; A moves to 14:00 while B claims 14:15 (overlapping) at the same moment.
      const { service, consultant } = await catalog(30);
      const a = user();
      const b = user();
      const { appointment } = await bookAppointment({
        ...a,
        actor: actorOf(a),
        serviceId: service.serviceId,
        consultantId: consultant.consultantId,
        start: at(5, '09:00'),
      });

      // Act
      const [moved, claimed] = await Promise.allSettled([
        rescheduleAppointment(
          appointment.appointmentId,
          { start: at(5, '14:00') },
          { actor: actorOf(a), channel: 'web', userId: a.userId },
        ),
        bookAppointment({
          ...b,
          actor: actorOf(b),
          serviceId: service.serviceId,
          consultantId: consultant.consultantId,
          start: at(5, '14:15'),
        }),
      ]);

      // Assert
      expect([moved.status, claimed.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
      const after = await getAppointment(appointment.appointmentId);
      const held = await takenBlocks(
        consultant.consultantId,
        Date.parse(at(5, '08:00')),
        Date.parse(at(5, '16:00')),
      );
      if (moved.status === 'fulfilled') {
        expect(after?.start).toBe(at(5, '14:00'));
        expect(held.has(Date.parse(at(5, '09:00')))).toBe(false);
        expect(held.has(Date.parse(at(5, '14:00')))).toBe(true);
        expect((claimed as PromiseRejectedResult).reason).toBeInstanceOf(SlotTakenError);
      } else {
        expect(moved.reason).toBeInstanceOf(SlotTakenError);
        expect(after?.start).toBe(at(5, '09:00'));
        expect(held.has(Date.parse(at(5, '09:00')))).toBe(true);
        expect(held.has(Date.parse(at(5, '14:15')))).toBe(true);
        expect(held.has(Date.parse(at(5, '14:00')))).toBe(false);
      }
      expect(after?.status).toBe('booked');
    }
  });
});

describe('staff operations', () => {
  it('It should list appointments by range, consultant and status across month buckets', async () => {
    const { service, consultant } = await catalog(30);
    const u = user();
    const ids: string[] = [];
    for (const day of [2, 20]) {
      const { appointment } = await bookAppointment({
        ...u,
        actor: actorOf(u),
        serviceId: service.serviceId,
        consultantId: consultant.consultantId,
        start: at(day, '10:00'),
      });
      ids.push(appointment.appointmentId);
    }
    await cancelAppointment(ids[1] as string, {
      actor: { kind: 'admin', userId: 'staff' },
      channel: 'admin',
      reason: 'closed',
      enforceCutoff: false,
    });

    const all = await listAppointments({
      from: at(1, '00:00'),
      to: at(25, '00:00'),
      consultantId: consultant.consultantId,
    });
    const booked = await listAppointments({
      from: at(1, '00:00'),
      to: at(25, '00:00'),
      consultantId: consultant.consultantId,
      status: 'booked',
    });
    const byUser = await listAppointments({ from: at(1, '00:00'), to: at(25, '00:00'), userId: u.userId });

    expect(all.map((a) => a.appointmentId)).toEqual(ids);
    expect(booked.map((a) => a.appointmentId)).toEqual([ids[0]]);
    expect(byUser.map((a) => a.appointmentId)).toEqual(ids);
    expect(all[1]).toMatchObject({ status: 'cancelled', cancelReason: 'closed' });
  });

  it('It should find the appointments a schedule change would orphan', async () => {
    const { service, consultant } = await catalog(30);
    const u = user();
    const early = await bookAppointment({
      ...u,
      actor: actorOf(u),
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: at(3, '08:00'),
    });
    const late = await bookAppointment({
      ...u,
      actor: actorOf(u),
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: at(3, '15:00'),
    });
    const nineToFive = [{ start: '09:00', end: '17:00' }];
    const hours = {
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
      sat: nineToFive,
      sun: nineToFive,
    };

    const byHours = await findOrphanedAppointments(consultant.consultantId, { weeklyHours: hours });
    const byTimeOff = await findOrphanedAppointments(consultant.consultantId, {
      timeOff: [{ start: at(3, '14:00'), end: at(3, '16:00') }],
    });
    const byService = await findOrphanedAppointments(consultant.consultantId, { serviceIds: [] });

    expect(byHours.map((a) => a.appointmentId)).toEqual([early.appointment.appointmentId]);
    expect(byTimeOff.map((a) => a.appointmentId)).toEqual([late.appointment.appointmentId]);
    expect(byService).toHaveLength(2);
  });

  it('It should record completed or no-show only once an appointment has started', async () => {
    const { service, consultant } = await catalog(30);
    const u = user();
    const { appointment } = await bookAppointment({
      ...u,
      actor: actorOf(u),
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: at(3, '10:00'),
    });
    const staff = { kind: 'admin' as const, userId: 'staff' };

    const tooEarly = markAppointmentOutcome(appointment.appointmentId, 'completed', { actor: staff });
    await expect(tooEarly).rejects.toMatchObject({ code: 'booking.notModifiable' });
    const later = new Date(Date.parse(appointment.end) + 60_000);
    const done = await markAppointmentOutcome(appointment.appointmentId, 'no_show', {
      actor: staff,
      now: later,
    });
    const twice = markAppointmentOutcome(appointment.appointmentId, 'completed', {
      actor: staff,
      now: later,
    });

    expect(done.status).toBe('no_show');
    await expect(twice).rejects.toMatchObject({ code: 'booking.notModifiable' });
  });

  it('It should let staff book on behalf inside the minimum notice but never in the past', async () => {
    // A consultant whose local time is about noon now, so "in 30 minutes" never crosses their
    // midnight (working days end at 24:00 local), whatever time of day the suite runs.
    const offset = 12 - new Date().getUTCHours();
    const { service, consultant } = await catalog(
      30,
      0,
      offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`,
    );
    const u = user();
    const soon = new Date(Math.ceil((Date.now() + 30 * 60_000) / 900_000) * 900_000).toISOString();

    const customer = bookAppointment({
      ...u,
      actor: actorOf(u),
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: soon,
    });
    await expect(customer).rejects.toMatchObject({ reason: 'tooSoon' });
    const staff = await bookAppointment({
      userId: u.userId,
      channel: 'admin',
      actor: { kind: 'admin', userId: 'staff' },
      ignoreNotice: true,
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: soon,
    });

    expect(staff.appointment).toMatchObject({ channel: 'admin', status: 'booked', start: soon });
  });
});
