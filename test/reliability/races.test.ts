import { privateConsultant, SERVICE_ID, slotStart } from '../security/support/booking';
import { retryingColdStart, stackFetch } from '../security/support/http';
import { bearer, latestCode, randomEmail, type SignedIn, signIn } from '../support/auth';
import { consistencyProblems } from './support/consistency';

/**
 * Suite 3: real parallel requests against the offline stack (DynamoDB Local underneath), each race
 * repeated. Covered in depth elsewhere and only re-checked end to end here: OTP attempt counting
 * and single use (services/auth-otp/test/integration), 100-way slot claims and reschedule-vs-claim
 * in the domain (packages/common/test/integration/booking.test.ts). See docs/security.md.
 */
jest.setTimeout(180_000);

const ROUNDS = 5;
const json = { 'content-type': 'application/json' };
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  stackFetch(url, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
const auth = (p: string) => `${process.env.AUTH_URL}${p}`;
const api = (p: string) => `${process.env.USER_API_URL}${p}`;

/**
 * serverless-offline starts one Lambda instance per concurrent request, each a cold start: `n`
 * parallel throwaway requests first, so the race itself runs on warm instances (as a warm Lambda
 * fleet would) instead of timing out on 2 loaded cores.
 */
async function warm(url: string, n: number, headers: Record<string, string> = {}): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const statuses = await Promise.all(
      Array.from({ length: n }, () =>
        stackFetch(url, { method: 'POST', headers: { ...json, ...headers }, body: '{}' }).then(
          (r) => r.status,
        ),
      ),
    );
    if (statuses.every((s) => s < 500)) return;
  }
}

async function requestCode(email: string): Promise<string> {
  const res = await post(auth('/auth/otp/request'), { email });
  if (res.status !== 202) throw new Error(`otp/request answered ${res.status}`);
  return latestCode(email);
}

describe('OTP races', () => {
  beforeAll(async () => {
    await warm(auth('/auth/otp/verify'), 12);
  });

  it('It should accept a code exactly once when 12 verifications race with it', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange
      const email = randomEmail('race-once');
      const code = await requestCode(email);

      // Act
      const statuses = await Promise.all(
        Array.from({ length: 12 }, () =>
          post(auth('/auth/otp/verify'), { email, code }).then((r) => r.status),
        ),
      );

      // Assert
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200 && s !== 401)).toEqual([]);
    }
  });

  it('It should count at most 5 wrong guesses when 12 race, then refuse even the right code', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange
      const email = randomEmail('race-guess');
      const code = await requestCode(email);
      const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

      // Act
      const statuses = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          post(auth('/auth/otp/verify'), { email, code: wrong(i) }).then((r) => r.status),
        ),
      );
      const right = await post(auth('/auth/otp/verify'), { email, code });

      // Assert
      expect(statuses.filter((s) => s === 200)).toEqual([]);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect(right.status).toBe(429);
      expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});

describe('refresh token races', () => {
  beforeAll(async () => {
    await warm(auth('/auth/token/refresh'), 10);
  });

  it('It should give 10 parallel refreshes of one token the same successor and keep the session', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange
      const session = await retryingColdStart(() => signIn());

      // Act
      const answers = await Promise.all(
        Array.from({ length: 10 }, () =>
          post(auth('/auth/token/refresh'), { refreshToken: session.refreshToken }).then(async (r) => ({
            status: r.status,
            body: (await r.json()) as { refreshToken?: string; accessToken?: string },
          })),
        ),
      );
      const successors = new Set(answers.map((a) => a.body.refreshToken));
      const last = answers.at(-1)?.body.accessToken ?? '';
      const me = await stackFetch(api('/me'), { headers: bearer({ accessToken: last }) });

      // Assert
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(successors.size).toBe(1);
      expect(me.status).toBe(200);
    }
  });
});

describe('booking races over HTTP', () => {
  let customers: SignedIn[];

  beforeAll(async () => {
    customers = [];
    // 8 customers, roles rotated per round, so nobody nears the 20 writes/min per-user limit.
    for (let i = 0; i < 8; i++) customers.push(await retryingColdStart(() => signIn()));
    await warm(api('/appointments'), 6, bearer(customers[0] as SignedIn));
  });

  it('It should book a slot for exactly one of 6 customers racing for it, the others 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange
      const consultantId = await privateConsultant();
      const start = slotStart(2 + round, 9, 15);

      // Act
      const statuses = await Promise.all(
        customers
          .slice(0, 6)
          .map((c) =>
            post(api('/appointments'), { serviceId: SERVICE_ID, consultantId, start }, bearer(c)).then(
              (r) => r.status,
            ),
          ),
      );

      // Assert
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 201)).toEqual(Array(5).fill(409));
      expect(await consistencyProblems(consultantId)).toEqual([]);
    }
  });

  it('It should let a reschedule and a new booking race for one slot with one winner and nothing half-written', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange: customer 0 holds 10:00 and moves to 14:00 while customer 1 books 14:00.
      const consultantId = await privateConsultant();
      const mover = customers[(round * 2) % 8] as SignedIn;
      const claimer = customers[(round * 2 + 1) % 8] as SignedIn;
      const booked = await post(
        api('/appointments'),
        { serviceId: SERVICE_ID, consultantId, start: slotStart(3, 10) },
        bearer(mover),
      );
      const { appointmentId } = (await booked.json()) as { appointmentId: string };
      const target = slotStart(3, 14);

      // Act
      const [move, claim] = await Promise.all([
        post(api(`/appointments/${appointmentId}/reschedule`), { start: target }, bearer(mover)),
        post(api('/appointments'), { serviceId: SERVICE_ID, consultantId, start: target }, bearer(claimer)),
      ]);

      // Assert
      expect(booked.status).toBe(201);
      // Either may win, never both and never neither: (moved, refused) or (refused, booked).
      expect([
        [200, 409],
        [409, 201],
      ]).toContainEqual([move.status, claim.status]);
      expect(await consistencyProblems(consultantId)).toEqual([]);
    }
  });

  it('It should never double-book when one customer cancels while others race to rebook the freed slot', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Arrange
      const consultantId = await privateConsultant();
      const start = slotStart(4, 16, 30);
      const rotated = [...customers.slice(round % 8), ...customers.slice(0, round % 8)];
      const [holder, ...others] = rotated.slice(0, 6) as [SignedIn, ...SignedIn[]];
      const held = (await (
        await post(api('/appointments'), { serviceId: SERVICE_ID, consultantId, start }, bearer(holder))
      ).json()) as { appointmentId: string };

      // Act
      const [cancel, ...claims] = await Promise.all([
        post(api(`/appointments/${held.appointmentId}/cancel`), {}, bearer(holder)),
        ...others.map((c) =>
          post(api('/appointments'), { serviceId: SERVICE_ID, consultantId, start }, bearer(c)),
        ),
      ]);

      // Assert
      expect(cancel.status).toBe(200);
      expect(claims.filter((r) => r.status === 201).length).toBeLessThanOrEqual(1);
      expect(claims.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
      expect(await consistencyProblems(consultantId)).toEqual([]);
    }
  });
});
