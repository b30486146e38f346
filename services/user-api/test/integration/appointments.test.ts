import { randomUUID } from 'node:crypto';
import { getAppointment, setMessengerNotifier } from '@bookingbot/common/booking';
import { setEmailTransport } from '@bookingbot/common/email';
import { linkPsid } from '@bookingbot/common/users';
import { handler as cancel } from '../../src/functions/appointments-cancel/handler';
import { handler as book } from '../../src/functions/appointments-create/handler';
import { handler as getOne } from '../../src/functions/appointments-get/handler';
import { handler as list } from '../../src/functions/appointments-list/handler';
import { handler as reschedule } from '../../src/functions/appointments-reschedule/handler';
import { handler as availability } from '../../src/functions/availability/handler';
import { type Caller, call, mailsTo, newCustomer, privateCatalog, slotAt } from '../support/fixtures';

const sentToMessenger: { psid: string; text: string }[] = [];
beforeAll(() =>
  setMessengerNotifier(async (psid, text) => {
    sentToMessenger.push({ psid, text });
  }),
);
afterAll(() => setMessengerNotifier(undefined));

async function slotsOf(
  caller: Caller,
  serviceId: string,
  consultantId: string,
  date: string,
): Promise<string[]> {
  const res = await call(availability, { caller, query: { serviceId, date, consultantId } });
  return res.body.slots.map((s: { start: string }) => s.start);
}

describe('POST /appointments', () => {
  it('It should book an offered slot: 201, Location, the appointment, a confirmation email', async () => {
    // Arrange
    const { user, caller } = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const start = slotAt(3, '10:00');

    // Act
    const res = await call(book, {
      caller,
      body: { serviceId: service.serviceId, consultantId: consultant.consultantId, start },
    });

    // Assert
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/appointments/${res.body.appointmentId}`);
    expect(res.body).toMatchObject({
      userId: user.userId,
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start,
      end: slotAt(3, '10:30'),
      status: 'booked',
      channel: 'web',
    });
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'booked', by: { kind: 'user' } })]);
    expect(res.body).not.toHaveProperty('version');
    const mails = await mailsTo(user.email);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(`Booked: ${service.name}`)]);
    expect(
      await slotsOf(caller, service.serviceId, consultant.consultantId, start.slice(0, 10)),
    ).not.toContain(start);
  });

  it('It should send a tagged Messenger update when the customer has a linked PSID', async () => {
    const { user, caller } = await newCustomer();
    const psid = `psid-${randomUUID()}`;
    await linkPsid(user.userId, psid);
    const { service, consultant } = await privateCatalog();

    const res = await call(book, {
      caller,
      body: {
        serviceId: service.serviceId,
        consultantId: consultant.consultantId,
        start: slotAt(3, '11:00'),
      },
    });

    expect(res.status).toBe(201);
    expect(sentToMessenger.filter((m) => m.psid === psid)).toEqual([
      { psid, text: expect.stringContaining('Your appointment is booked') },
    ]);
  });

  it('It should refuse slots that are not offered with 400 and a reason, and book nothing', async () => {
    const { caller } = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const body = (start: string) => ({
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start,
    });

    const past = await call(book, { caller, body: body(slotAt(-1, '10:00')) });
    const offGrid = await call(book, { caller, body: body(slotAt(3, '10:05')) });
    const beyond = await call(book, { caller, body: body(slotAt(45, '10:00')) });
    const unknownService = await call(book, {
      caller,
      body: { ...body(slotAt(3, '10:00')), serviceId: 'nope' },
    });
    const malformed = await call(book, { caller, body: { serviceId: service.serviceId, start: 'tomorrow' } });
    const mine = await call(list, { caller });

    expect(
      [past, offGrid, beyond, unknownService].map((r) => [r.status, r.body.code, r.body.reason]),
    ).toEqual([
      [400, 'booking.slotNotOffered', 'past'],
      [400, 'booking.slotNotOffered', 'offGrid'],
      [400, 'booking.slotNotOffered', 'beyondHorizon'],
      [400, 'booking.slotNotOffered', 'serviceInactive'],
    ]);
    expect(unknownService.body.errors).toEqual([{ field: 'body.serviceId', message: expect.any(String) }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.consultantId',
      'body.start',
    ]);
    expect(mine.body.items).toEqual([]);
  });

  it('It should answer 409 slotTaken for an overlapping slot, even with a different start', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const { service, consultant } = await privateCatalog({ durationMinutes: 60 });
    const body = (start: string) => ({
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start,
    });
    await call(book, { caller: a.caller, body: body(slotAt(4, '10:00')) });

    const overlapping = await call(book, { caller: b.caller, body: body(slotAt(4, '10:30')) });
    const adjacent = await call(book, { caller: b.caller, body: body(slotAt(4, '11:00')) });

    expect(overlapping.status).toBe(409);
    expect(overlapping.body).toMatchObject({ code: 'booking.slotTaken', reason: 'taken' });
    expect(adjacent.status).toBe(201);
  });

  it('It should honour Idempotency-Key: a retry returns the first result and books nothing new', async () => {
    const { user, caller } = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const key = randomUUID();
    const body = {
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: slotAt(5, '09:00'),
    };

    const first = await call(book, { caller, body, headers: { 'Idempotency-Key': key } });
    const retry = await call(book, { caller, body, headers: { 'Idempotency-Key': key } });
    const otherBody = await call(book, {
      caller,
      body: { ...body, start: slotAt(5, '12:00') },
      headers: { 'Idempotency-Key': key },
    });
    const mine = await call(list, { caller });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('booking.idempotencyKeyReused');
    expect(mine.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([
      first.body.appointmentId,
    ]);
    expect(await mailsTo(user.email)).toHaveLength(1);
  });

  it('It should book once when retries with one Idempotency-Key race each other', async () => {
    const { caller } = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const key = randomUUID();
    const body = {
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start: slotAt(5, '14:00'),
    };

    const results = await Promise.all(
      Array.from({ length: 5 }, () => call(book, { caller, body, headers: { 'idempotency-key': key } })),
    );
    const mine = await call(list, { caller });

    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.appointmentId)).size).toBe(1);
    expect(mine.body.items).toHaveLength(1);
  });
});

describe('GET /appointments', () => {
  it("It should list only the caller's appointments, filter by status and paginate with a cursor", async () => {
    const { caller } = await newCustomer();
    const other = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const body = (start: string) => ({
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start,
    });
    const ids: string[] = [];
    for (const hhmm of ['09:00', '10:00', '11:00'])
      ids.push((await call(book, { caller, body: body(slotAt(6, hhmm)) })).body.appointmentId);
    await call(book, { caller: other.caller, body: body(slotAt(6, '12:00')) });
    await call(cancel, { caller, path: { id: ids[0] as string } });

    const page1 = await call(list, { caller, query: { limit: '2', order: 'asc' } });
    const page2 = await call(list, {
      caller,
      query: { limit: '2', order: 'asc', cursor: page1.body.nextCursor },
    });
    const booked = await call(list, { caller, query: { status: 'booked' } });
    const foreignCursor = await call(list, {
      caller: other.caller,
      query: { cursor: page1.body.nextCursor },
    });

    expect(page1.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual(ids.slice(0, 2));
    expect(page2.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual(ids.slice(2));
    expect(page2.body.nextCursor).toBeNull();
    expect(booked.body.items.map((a: { appointmentId: string }) => a.appointmentId).sort()).toEqual(
      ids.slice(1).sort(),
    );
    expect(foreignCursor.status).toBe(400);
    expect(foreignCursor.body.errors).toEqual([{ field: 'query.cursor', message: 'is not a valid cursor' }]);
  });
});

describe('cancel and reschedule', () => {
  it('It should cancel, release the slot at once, and let someone else book it', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const { service, consultant } = await privateCatalog({ durationMinutes: 30, bufferAfterMinutes: 15 });
    const start = slotAt(7, '10:00');
    const body = { serviceId: service.serviceId, consultantId: consultant.consultantId, start };
    const booked = await call(book, { caller: a.caller, body });

    const res = await call(cancel, {
      caller: a.caller,
      path: { id: booked.body.appointmentId },
      body: { reason: 'ill' },
    });
    const again = await call(cancel, { caller: a.caller, path: { id: booked.body.appointmentId } });
    const rebook = await call(book, { caller: b.caller, body });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: 'ill' });
    expect(res.body.history.map((h: { action: string }) => h.action)).toEqual(['booked', 'cancelled']);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('booking.notModifiable');
    expect(rebook.status).toBe(201);
    expect((await mailsTo(a.user.email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Booked:/),
      expect.stringMatching(/^Cancelled:/),
    ]);
  });

  it('It should refuse to cancel or reschedule inside the cut-off and leave the appointment as it was', async () => {
    const { caller } = await newCustomer();
    const { service, consultant } = await privateCatalog();
    // The first bookable start: minimum notice (2 h) from now, on the grid; cut-off is also 2 h.
    const soon = await slotsOf(
      caller,
      service.serviceId,
      consultant.consultantId,
      new Date().toISOString().slice(0, 10),
    );
    const tomorrow = await slotsOf(
      caller,
      service.serviceId,
      consultant.consultantId,
      new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    );
    const start = [...soon, ...tomorrow][0] as string;
    const booked = await call(book, {
      caller,
      body: { serviceId: service.serviceId, consultantId: consultant.consultantId, start },
    });
    // Jump the clock: the same rules seen 20 minutes later, inside the cut-off window.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'queueMicrotask'],
      now: Date.parse(start) - 100 * 60_000,
    });
    try {
      const cancelled = await call(cancel, { caller, path: { id: booked.body.appointmentId } });
      const moved = await call(reschedule, {
        caller,
        path: { id: booked.body.appointmentId },
        body: { start: slotAt(3, '10:00') },
      });

      expect(booked.status).toBe(201);
      expect([cancelled.status, cancelled.body.code]).toEqual([409, 'booking.cutoffPassed']);
      expect([moved.status, moved.body.code]).toEqual([409, 'booking.cutoffPassed']);
    } finally {
      jest.useRealTimers();
    }
    expect((await getAppointment(booked.body.appointmentId))?.status).toBe('booked');
  });

  it('It should reschedule atomically: the new slot is held, the old one offered again', async () => {
    const { user, caller } = await newCustomer();
    const { service, consultant } = await privateCatalog({ durationMinutes: 60, bufferAfterMinutes: 15 });
    const date = slotAt(8, '00:00').slice(0, 10);
    const booked = await call(book, {
      caller,
      body: {
        serviceId: service.serviceId,
        consultantId: consultant.consultantId,
        start: slotAt(8, '10:00'),
      },
    });

    // Overlaps its own current hold (10:00-11:15): the blocks both share stay held throughout.
    const res = await call(reschedule, {
      caller,
      path: { id: booked.body.appointmentId },
      body: { start: slotAt(8, '10:30') },
    });
    const slots = await slotsOf(caller, service.serviceId, consultant.consultantId, date);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ start: slotAt(8, '10:30'), end: slotAt(8, '11:30'), status: 'booked' });
    expect(res.body.history.at(-1)).toMatchObject({
      action: 'rescheduled',
      from: { start: slotAt(8, '10:00') },
      to: { start: slotAt(8, '10:30') },
    });
    expect(slots).toContain(slotAt(8, '09:15')); // 09:15-10:15 + 15 min buffer ends at 10:30
    expect(slots).not.toContain(slotAt(8, '09:30'));
    expect(slots).not.toContain(slotAt(8, '11:30')); // buffer until 11:45
    expect(slots).toContain(slotAt(8, '11:45'));
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Booked:/),
      expect.stringMatching(/^Rescheduled:/),
    ]);
  });

  it('It should keep the old slot when the new one is taken', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const body = (start: string) => ({
      serviceId: service.serviceId,
      consultantId: consultant.consultantId,
      start,
    });
    const mine = await call(book, { caller: a.caller, body: body(slotAt(9, '10:00')) });
    await call(book, { caller: b.caller, body: body(slotAt(9, '14:00')) });

    const res = await call(reschedule, {
      caller: a.caller,
      path: { id: mine.body.appointmentId },
      body: { start: slotAt(9, '14:15') },
    });
    const slots = await slotsOf(
      a.caller,
      service.serviceId,
      consultant.consultantId,
      slotAt(9, '00:00').slice(0, 10),
    );

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('booking.slotTaken');
    expect(await getAppointment(mine.body.appointmentId)).toMatchObject({
      start: slotAt(9, '10:00'),
      status: 'booked',
    });
    expect(slots).not.toContain(slotAt(9, '10:00'));
  });
});

describe("another user's appointment", () => {
  it('It should be a 404 on every route and stay untouched', async () => {
    // Arrange
    const owner = await newCustomer();
    const intruder = await newCustomer();
    const { service, consultant } = await privateCatalog();
    const booked = await call(book, {
      caller: owner.caller,
      body: {
        serviceId: service.serviceId,
        consultantId: consultant.consultantId,
        start: slotAt(10, '10:00'),
      },
    });
    const id = booked.body.appointmentId as string;

    // Act
    const read = await call(getOne, { caller: intruder.caller, path: { id } });
    const cancelled = await call(cancel, { caller: intruder.caller, path: { id } });
    const moved = await call(reschedule, {
      caller: intruder.caller,
      path: { id },
      body: { start: slotAt(10, '12:00') },
    });
    const listed = await call(list, { caller: intruder.caller });
    const unknown = await call(getOne, { caller: intruder.caller, path: { id: randomUUID() } });
    const own = await call(getOne, { caller: owner.caller, path: { id } });

    // Assert
    for (const res of [read, cancelled, moved]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ ...unknown.body, instance: res.body.instance });
      expect(JSON.stringify(res.body)).not.toContain(owner.user.userId);
    }
    expect(listed.body.items).toEqual([]);
    expect(own.status).toBe(200);
    expect(await getAppointment(id)).toMatchObject({
      status: 'booked',
      start: slotAt(10, '10:00'),
      version: 1,
    });
  });
});

describe('confirmations after the commit', () => {
  it('It should keep the booking and answer 201 when the email and the Messenger message both fail', async () => {
    // Arrange: SES and the Send API fail for this test.
    const { user, caller } = await newCustomer();
    await linkPsid(user.userId, `psid-${randomUUID()}`);
    const { service, consultant } = await privateCatalog();
    setEmailTransport(async () => {
      throw Object.assign(new Error('SES down'), { name: 'ServiceUnavailable' });
    });
    setMessengerNotifier(async () => {
      throw new Error('Graph API down');
    });

    try {
      // Act
      const res = await call(book, {
        caller,
        body: {
          serviceId: service.serviceId,
          consultantId: consultant.consultantId,
          start: slotAt(11, '10:00'),
        },
      });

      // Assert
      expect(res.status).toBe(201);
      expect(await getAppointment(res.body.appointmentId)).toMatchObject({ status: 'booked' });
    } finally {
      setEmailTransport(undefined);
      setMessengerNotifier(async (psid, text) => {
        sentToMessenger.push({ psid, text });
      });
    }
  });
});
