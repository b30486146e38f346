import { randomUUID } from 'node:crypto';
import { createService, setMessengerNotifier } from '@bookingbot/common/booking';
import { getUser } from '@bookingbot/common/users';
import { handler as availability } from '../../src/functions/availability/handler';
import { handler as consultantsList } from '../../src/functions/consultants-list/handler';
import { handler as meGet } from '../../src/functions/me-get/handler';
import { handler as mePatch } from '../../src/functions/me-patch/handler';
import { handler as servicesList } from '../../src/functions/services-list/handler';
import { call, newCustomer, privateCatalog, slotAt } from '../support/fixtures';

beforeAll(() => setMessengerNotifier(async () => undefined));

describe('GET /me and PATCH /me', () => {
  it("It should return the caller's profile without internal fields", async () => {
    // Arrange
    const { user, caller } = await newCustomer();

    // Act
    const res = await call(meGet, { caller });

    // Assert
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      userId: user.userId,
      email: user.email,
      role: 'user',
      messengerLinked: false,
    });
    expect(res.body).not.toHaveProperty('psid');
    expect(res.body).not.toHaveProperty('pk');
  });

  it('It should update name, time zone and locale (canonicalised)', async () => {
    const { user, caller } = await newCustomer();

    const res = await call(mePatch, {
      caller,
      body: { name: 'Ada', timeZone: 'Europe/London', locale: 'en-gb' },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Ada', timeZone: 'Europe/London', locale: 'en-GB' });
    expect(await getUser(user.userId)).toMatchObject({
      name: 'Ada',
      timeZone: 'Europe/London',
      locale: 'en-GB',
    });
  });

  it('It should refuse an invalid zone, locale or unknown field with a 400 naming each and change nothing', async () => {
    const { user, caller } = await newCustomer();

    const res = await call(mePatch, {
      caller,
      body: { name: 'Mallory', timeZone: 'Mars/Olympus', locale: 'not a locale!', role: 'admin' },
    });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.timeZone', 'body.locale']));
    expect(fields.some((f: string) => f === 'body' || f.startsWith('body.role') || f === 'body.')).toBe(true);
    const after = await getUser(user.userId);
    expect(after?.name).toBeUndefined();
    expect(after?.role).toBe('user');
  });

  it('It should answer 401 when the authorizer context is missing', async () => {
    const res = await call(meGet, {});

    expect(res.status).toBe(401);
  });

  it('It should rate-limit writes per user with 429 and Retry-After', async () => {
    const { caller } = await newCustomer();
    const other = await newCustomer();
    // The limiter counts per fixed 60-s window (a burst across a boundary may reach twice the
    // limit, by design: docs/data-model.md). Start the burst with at least 30 s of window left.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 30_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 50));

    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await call(mePatch, { caller, body: { name: `n${i}` } })).status);
    const last = await call(mePatch, { caller, body: { name: 'again' } });
    const otherUser = await call(mePatch, { caller: other.caller, body: { name: 'fine' } });

    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(20);
    expect(statuses).toContain(429);
    expect(last.status).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(otherUser.status).toBe(200);
  }, 120_000);
});

describe('GET /services and GET /consultants', () => {
  it('It should list active services and hide inactive ones', async () => {
    const { caller } = await newCustomer();
    const { service } = await privateCatalog();
    const hidden = await createService({
      name: `Hidden ${randomUUID()}`,
      durationMinutes: 30,
      active: false,
    });

    const res = await call(servicesList, { caller });

    expect(res.status).toBe(200);
    const ids = res.body.services.map((s: { serviceId: string }) => s.serviceId);
    expect(ids).toContain(service.serviceId);
    expect(ids).not.toContain(hidden.serviceId);
    expect(res.body.services.find((s: { serviceId: string }) => s.serviceId === service.serviceId)).toEqual({
      serviceId: service.serviceId,
      name: service.name,
      durationMinutes: 30,
      bufferAfterMinutes: 0,
    });
  });

  it('It should list only the consultants offering the requested service, without schedule internals', async () => {
    const { caller } = await newCustomer();
    const a = await privateCatalog();
    const b = await privateCatalog();

    const res = await call(consultantsList, { caller, query: { serviceId: a.service.serviceId } });

    expect(res.status).toBe(200);
    expect(res.body.consultants).toEqual([
      {
        consultantId: a.consultant.consultantId,
        name: a.consultant.name,
        serviceIds: [a.service.serviceId],
        timeZone: 'UTC',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(b.consultant.consultantId);
  });
});

describe('GET /availability', () => {
  it('It should list the slots of a day on the grid for the consultant', async () => {
    const { caller } = await newCustomer();
    const { service, consultant } = await privateCatalog({ durationMinutes: 60, bufferAfterMinutes: 15 });
    const date = slotAt(5, '00:00').slice(0, 10);

    const res = await call(availability, {
      caller,
      query: { serviceId: service.serviceId, date, consultantId: consultant.consultantId },
    });

    expect(res.status).toBe(200);
    expect(res.body.slots).toHaveLength(93); // 00:00 … 23:00 every 15 minutes
    expect(res.body.slots[0]).toEqual({
      start: `${date}T00:00:00.000Z`,
      end: `${date}T01:00:00.000Z`,
      consultantId: consultant.consultantId,
    });
  });

  it('It should read the date in the requested zone', async () => {
    const { caller } = await newCustomer();
    const { service, consultant } = await privateCatalog({ durationMinutes: 60 });
    const date = slotAt(5, '00:00').slice(0, 10);

    const res = await call(availability, {
      caller,
      query: {
        serviceId: service.serviceId,
        date,
        consultantId: consultant.consultantId,
        timeZone: 'Asia/Ho_Chi_Minh',
      },
    });

    expect(res.status).toBe(200);
    expect(res.body.slots[0].start).toBe(
      new Date(Date.parse(`${date}T00:00:00Z`) - 7 * 3_600_000).toISOString(),
    );
  });

  it('It should answer 400 naming missing or malformed parameters, and 404 for an unknown service', async () => {
    const { caller } = await newCustomer();

    const bad = await call(availability, { caller, query: { date: '2026-02-30', timeZone: 'Nowhere/City' } });
    const unknown = await call(availability, {
      caller,
      query: { serviceId: randomUUID(), date: '2030-01-01' },
    });

    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.date',
      'query.serviceId',
      'query.timeZone',
    ]);
    expect(unknown.status).toBe(404);
  });
});
