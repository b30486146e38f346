import { randomUUID } from 'node:crypto';
import { privateConsultant, SERVICE_ID, slotStart } from '../security/support/booking';
import { retryingColdStart } from '../security/support/http';
import { bearer, type SignedIn, signIn, signInAdmin } from '../support/auth';
import { consistencyProblems } from './support/consistency';
import { pidListeningOn, rssMiB } from './support/processes';

/**
 * Suite 6 (long run only, `npm run test:long`): SOAK_MINUTES (default 10) of mixed traffic against
 * the offline stack at a bounded rate (one request every TICK_MS, at most IN_FLIGHT at once):
 * sign-ins, refreshes, reads, bookings, reschedules, cancels, admin reads and Messenger messages.
 * Stops by itself. Afterwards: no unexpected status, steady memory, consistent bookings.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const TICK_MS = 250;
const IN_FLIGHT = 4;
jest.setTimeout((MINUTES + 5) * 60_000);

const CUSTOMERS = 8;
const json = { 'content-type': 'application/json' };
const api = (p: string) => `${process.env.USER_API_URL}${p}`;

interface Outcome {
  action: string;
  status: number;
}

/** What each action may answer besides success: a taken slot (409) is the point of the race. */
const EXPECTED: Record<string, number[]> = {
  book: [201, 409],
  reschedule: [200, 409],
  cancel: [200],
  read: [200],
  admin: [200],
  refresh: [200],
  signIn: [200],
  message: [200],
};

describe('soak', () => {
  it(`It should serve ${MINUTES} minutes of mixed traffic with no unexpected answer, steady memory and consistent bookings`, async () => {
    // Arrange
    const customers: SignedIn[] = [];
    for (let i = 0; i < CUSTOMERS; i++) customers.push(await retryingColdStart(() => signIn()));
    const admin = await retryingColdStart(() => signInAdmin());
    const consultants = [await privateConsultant(), await privateConsultant()];
    const slots = Array.from({ length: 60 }, (_, i) =>
      slotStart(2 + (i % 5), 8 + Math.floor(i / 5), (i % 4) * 15),
    );
    const booked = new Map<string, { owner: number; id: string }>();
    const outcomes: Outcome[] = [];
    const unexpected: string[] = [];
    // The five serverless-offline processes: the webhook's worker has one of its own (scripts/lib/stack.mjs).
    const ports = [
      'AUTH_PORT',
      'USER_API_PORT',
      'ADMIN_API_PORT',
      'MESSENGER_PORT',
      'MESSENGER_WORKER_LAMBDA_PORT',
    ].map((p) => Number(process.env[p]));
    const pids = ports.map(pidListeningOn).filter((p): p is number => p !== undefined);
    const memory: number[] = [];
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

    async function act(): Promise<void> {
      const who = Math.floor(Math.random() * CUSTOMERS);
      const me = customers[who] as SignedIn;
      const r = Math.random();
      let action: string;
      let res: Response;
      if (r < 0.3) {
        action = 'read';
        res = await fetch(
          api(
            pick([
              '/me',
              '/services',
              '/consultants',
              '/appointments',
              `/availability?serviceId=${SERVICE_ID}&consultantId=${pick(consultants)}&date=${slotStart(3, 0).slice(0, 10)}`,
            ]),
          ),
          { headers: bearer(me) },
        );
      } else if (r < 0.55) {
        action = 'book';
        res = await fetch(api('/appointments'), {
          method: 'POST',
          headers: { ...json, ...bearer(me), 'idempotency-key': randomUUID() },
          body: JSON.stringify({
            serviceId: SERVICE_ID,
            consultantId: pick(consultants),
            start: pick(slots),
          }),
        });
        if (res.status === 201) {
          const a = (await res.clone().json()) as { appointmentId: string };
          booked.set(a.appointmentId, { owner: who, id: a.appointmentId });
        }
      } else if (r < 0.65 && booked.size > 0) {
        action = 'cancel';
        const target = pick([...booked.values()]);
        booked.delete(target.id);
        res = await fetch(api(`/appointments/${target.id}/cancel`), {
          method: 'POST',
          headers: { ...json, ...bearer(customers[target.owner] as SignedIn) },
          body: JSON.stringify({ reason: 'soak' }),
        });
      } else if (r < 0.75 && booked.size > 0) {
        action = 'reschedule';
        const target = pick([...booked.values()]);
        res = await fetch(api(`/appointments/${target.id}/reschedule`), {
          method: 'POST',
          headers: { ...json, ...bearer(customers[target.owner] as SignedIn) },
          body: JSON.stringify({ start: pick(slots) }),
        });
      } else if (r < 0.85) {
        action = 'admin';
        const from = new Date().toISOString();
        const to = new Date(Date.now() + 10 * 86_400_000).toISOString();
        res = await fetch(
          `${process.env.ADMIN_API_URL}${pick(['/admin/users', `/admin/appointments?from=${from}&to=${to}`, '/admin/services'])}`,
          { headers: bearer(admin) },
        );
      } else if (r < 0.92) {
        action = 'refresh';
        res = await fetch(`${process.env.AUTH_URL}/auth/token/refresh`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ refreshToken: me.refreshToken }),
        });
        if (res.status === 200) {
          const pair = (await res.clone().json()) as { accessToken: string; refreshToken: string };
          customers[who] = { ...me, ...pair };
        }
      } else {
        action = 'message';
        res = await fetch(`${process.env.GRAPH_API_URL}/__sim/send`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ psid: `soak${who}`, text: pick(['help', 'hi', 'my appointments']) }),
        });
      }
      await res.arrayBuffer();
      outcomes.push({ action, status: res.status });
      if (!(EXPECTED[action] ?? []).includes(res.status)) unexpected.push(`${action} → ${res.status}`);
    }

    // Act: a bounded request rate until the time is up, memory sampled every minute.
    const end = Date.now() + MINUTES * 60_000;
    let inFlight = 0;
    const sample = () => memory.push(pids.reduce((sum, pid) => sum + rssMiB(pid), 0));
    sample();
    const sampler = setInterval(sample, 60_000);
    const running = new Set<Promise<void>>();
    while (Date.now() < end) {
      if (inFlight < IN_FLIGHT) {
        inFlight++;
        const p: Promise<void> = act()
          .catch((err: Error) => {
            unexpected.push(`network: ${err.message}`);
          })
          .finally(() => {
            inFlight--;
            running.delete(p);
          });
        running.add(p);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    await Promise.all(running);
    clearInterval(sampler);
    sample();

    // Assert
    expect(pids.length).toBe(5);
    expect(outcomes.length).toBeGreaterThan(MINUTES * 60 * 2);
    expect(unexpected).toEqual([]);
    // Steady memory: the end within 1.5× (+64 MiB of slack) of the level after the first minute.
    const settled = memory[1] ?? memory[0] ?? 0;
    expect(memory.at(-1) ?? 0).toBeLessThan(settled * 1.5 + 64);
    for (const consultantId of consultants) expect(await consistencyProblems(consultantId)).toEqual([]);
  });
});
