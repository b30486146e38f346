import { randomUUID } from 'node:crypto';
import { bearer, inbox, signIn } from '../../../../test/support/auth';

const api = process.env.USER_API_URL as string;
jest.setTimeout(60_000);

async function request(
  method: string,
  path: string,
  token: { accessToken: string } | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(token ? bearer(token) : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: responses are inspected loosely
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

type Slot = { start: string; end: string; consultantId: string };
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Open slots of a service over the next two weeks (the demo consultants work weekdays). */
async function openSlots(token: { accessToken: string }, serviceId: string): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (let d = 2; d < 16 && slots.length < 40; d++) {
    const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
    const res = await request('GET', `/availability?serviceId=${serviceId}&date=${date}`, token);
    expect(res.status).toBe(200);
    slots.push(...res.body.slots);
  }
  return slots;
}

describe('booking over HTTP through the authorizer', () => {
  it('It should refuse a request without a token with 401', async () => {
    const res = await request('GET', '/services', undefined);

    expect(res.status).toBe(401);
  });

  it('It should let a signed-in customer book, get the email, reschedule and cancel; another user gets 404', async () => {
    // Sign in (OTP by email through SES local) and read the demo catalog.
    const alice = await signIn();
    const bob = await signIn();
    const me = await request('GET', '/me', alice);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(alice.email);
    const services = await request('GET', '/services', alice);
    expect(services.status).toBe(200);
    const consultation = services.body.services.find(
      (s: { serviceId: string }) => s.serviceId === 'svc-consultation',
    );
    expect(consultation).toMatchObject({ durationMinutes: 30, bufferAfterMinutes: 10 });
    const consultants = await request('GET', '/consultants?serviceId=svc-consultation', alice);
    expect(consultants.body.consultants.length).toBeGreaterThanOrEqual(2);

    // Availability and booking (idempotent).
    const slots = await openSlots(alice, 'svc-consultation');
    expect(slots.length).toBeGreaterThan(0);
    const slot = pick(slots);
    const key = randomUUID();
    const booking = { serviceId: 'svc-consultation', consultantId: slot.consultantId, start: slot.start };
    const booked = await request('POST', '/appointments', alice, booking, { 'idempotency-key': key });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ status: 'booked', start: slot.start, end: slot.end, channel: 'web' });
    const retried = await request('POST', '/appointments', alice, booking, { 'idempotency-key': key });
    expect(retried.status).toBe(201);
    expect(retried.body.appointmentId).toBe(booked.body.appointmentId);
    const id = booked.body.appointmentId as string;
    const taken = await request('POST', '/appointments', bob, booking);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('booking.slotTaken');

    // The confirmation email is in SES local.
    const mails = await inbox(alice.email);
    expect(mails.some((m) => m.subject.startsWith('Booked: Consultation'))).toBe(true);

    // The other user can neither see nor touch it.
    expect((await request('GET', `/appointments/${id}`, bob)).status).toBe(404);
    expect((await request('POST', `/appointments/${id}/cancel`, bob, {})).status).toBe(404);
    expect((await request('POST', `/appointments/${id}/reschedule`, bob, { start: slot.start })).status).toBe(
      404,
    );
    expect((await request('GET', '/appointments', bob)).body.items).toEqual([]);

    // Reschedule to another open slot of the same consultant, then cancel.
    const others = (await openSlots(alice, 'svc-consultation')).filter(
      (s) =>
        s.consultantId === slot.consultantId &&
        Math.abs(Date.parse(s.start) - Date.parse(slot.start)) >= 3_600_000,
    );
    const target = pick(others);
    const moved = await request('POST', `/appointments/${id}/reschedule`, alice, { start: target.start });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: target.start, status: 'booked' });
    const cancelled = await request('POST', `/appointments/${id}/cancel`, alice, {
      reason: 'change of plans',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    // Cancelling again: a 409 problem whose `status` is the HTTP status, the state in its own member.
    const again = await request('POST', `/appointments/${id}/cancel`, alice, {});
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, appointmentStatus: 'cancelled' });
    const mine = await request('GET', '/appointments?status=cancelled', alice);
    expect(mine.body.items.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([id]);
    const subjects = (await inbox(alice.email)).map((m) => m.subject);
    expect(
      subjects.filter((s) => /^(Booked|Rescheduled|Cancelled):/.test(s)).map((s) => s.split(':')[0]),
    ).toEqual(['Booked', 'Rescheduled', 'Cancelled']);
  });
});
