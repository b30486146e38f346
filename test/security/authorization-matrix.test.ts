import { randomUUID } from 'node:crypto';
import { bookAppointment } from '@bookingbot/common/booking';
import { updateUser } from '@bookingbot/common/users';
import { bearer, type SignedIn, signIn, signInAdmin } from '../support/auth';
import { privateConsultant, SERVICE_ID, slotStart } from './support/booking';
import { retryingColdStart, stackFetch, warmUp } from './support/http';
import { baseUrl, fillPath, onePerFunction, pathParamNames, ROUTES, type RouteSpec } from './support/routes';
import {
  decode,
  garbageToken,
  hmacWithPublicKey,
  resignedWithRealKey,
  signedByAnotherKey,
  unsecured,
} from './support/tokens';

/**
 * Suite 2: every route of test/routes.ts × every kind of caller → the status it must get. The
 * matrix is generated from the table, so a new route is covered the moment it is added there (and
 * the infrastructure test fails when a packaged route is missing from the table). Path parameters
 * are random ids and bodies `{}`, so calls that get through change nothing (400/404).
 */
jest.setTimeout(300_000);

type Kind =
  | 'no token'
  | 'garbage'
  | 'expired'
  | 'signed by another key'
  | 'alg none'
  | 'HS256 with the public key'
  | 'wrong aud'
  | 'wrong iss'
  | 'revoked session'
  | 'blocked user'
  | 'user'
  | 'admin';

const KINDS: Kind[] = [
  'no token',
  'garbage',
  'expired',
  'signed by another key',
  'alg none',
  'HS256 with the public key',
  'wrong aud',
  'wrong iss',
  'revoked session',
  'blocked user',
  'user',
  'admin',
];

/** What each kind of caller must get on a protected route: a status, or "through" (not 401/403). */
function expected(route: RouteSpec, kind: Kind): number | 'through' {
  if (kind === 'blocked user') return 403;
  if (kind === 'user') return route.access === 'admin' ? 403 : 'through';
  if (kind === 'admin') return 'through';
  return 401;
}

const tokens = new Map<Kind, string | undefined>();
let user: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  // Arrange: genuine callers, plus a revoked and a blocked one never used before they turned bad
  // (the authorizer caches results per token for 30 s, as API Gateway does).
  const u = await retryingColdStart(() => signIn());
  const a = await retryingColdStart(() => signInAdmin());
  const toRevoke = await retryingColdStart(() => signIn());
  const toBlock = await retryingColdStart(() => signIn());
  user = u;
  admin = a;
  const logout = await fetch(`${process.env.AUTH_URL}/auth/logout`, {
    method: 'POST',
    headers: { ...bearer(toRevoke), 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: toRevoke.refreshToken }),
  });
  if (logout.status >= 300) throw new Error(`logout answered ${logout.status}`);
  // The flag alone, session still active: the authorizer's own user check must deny.
  await updateUser(toBlock.userId, { blocked: true });
  const now = Math.floor(Date.now() / 1000);
  tokens.set('no token', undefined);
  tokens.set('garbage', garbageToken());
  tokens.set(
    'expired',
    await resignedWithRealKey(u.accessToken, (c) => ({ ...c, iat: now - 3600, exp: now - 600 })),
  );
  tokens.set('signed by another key', await signedByAnotherKey(u.accessToken));
  tokens.set('alg none', unsecured(u.accessToken));
  tokens.set('HS256 with the public key', await hmacWithPublicKey(u.accessToken));
  tokens.set(
    'wrong aud',
    await resignedWithRealKey(u.accessToken, (c) => ({ ...c, aud: 'urn:bookingbot:other:api' })),
  );
  tokens.set(
    'wrong iss',
    await resignedWithRealKey(u.accessToken, (c) => ({ ...c, iss: 'https://evil.example' })),
  );
  tokens.set('revoked session', toRevoke.accessToken);
  tokens.set('blocked user', toBlock.accessToken);
  tokens.set('user', u.accessToken);
  tokens.set('admin', a.accessToken);
  // Every function behind the table, and each API's authorizer, started once before measuring.
  await warmUp(
    onePerFunction(ROUTES.filter((r) => r.path !== '/auth/logout')).map((r) => ({
      url: `${baseUrl(r.service)}${fillPath(r.path, Object.fromEntries(pathParamNames(r.path).map((n) => [n, randomUUID()])))}`,
      method: r.method,
      headers: bearer(a),
    })),
  );
}, 600_000);

async function call(route: RouteSpec, token: string | undefined, params?: Record<string, string>) {
  const names = pathParamNames(route.path);
  const url = `${baseUrl(route.service)}${fillPath(route.path, params ?? Object.fromEntries(names.map((n) => [n, randomUUID()])))}`;
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  const res = await stackFetch(url, {
    method: route.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: '{}' } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Logout ends the session it is called with: genuine callers get a throwaway session there. */
async function tokenFor(route: RouteSpec, kind: Kind): Promise<string | undefined> {
  if (route.path === '/auth/logout' && (kind === 'user' || kind === 'admin'))
    return (await retryingColdStart(() => (kind === 'admin' ? signInAdmin() : signIn()))).accessToken;
  return tokens.get(kind);
}

const label = (r: RouteSpec) => `${r.method} ${r.path} (${r.service})`;

describe('the authorization matrix of every protected route', () => {
  const routes = ROUTES.filter((r) => r.access !== 'public');

  it.each(routes.map((r) => [label(r), r] as const))(
    'It should give each kind of caller of %s exactly its expected status',
    async (_name, route) => {
      // Act
      const actual: Record<string, number | 'through'> = {};
      const want: Record<string, number | 'through'> = {};
      await Promise.all(
        KINDS.map(async (kind) => {
          const status = await call(route, await tokenFor(route, kind));
          const exp = expected(route, kind);
          want[kind] = exp;
          actual[kind] =
            exp === 'through' && status !== 401 && status !== 403 && status < 500 ? 'through' : status;
        }),
      );

      // Assert
      expect(actual).toEqual(want);
    },
  );
});

describe('public routes', () => {
  const routes = ROUTES.filter((r) => r.access === 'public');

  it.each(routes.map((r) => [label(r), r] as const))(
    'It should answer %s the same with any token as with none (a token grants nothing there)',
    async (_name, route) => {
      // Arrange
      const baseline = await call(route, undefined, { id: 'x' });

      // Act
      const statuses = await Promise.all(
        KINDS.filter((k) => k !== 'no token').map(
          async (k) => [k, await call(route, tokens.get(k), { id: 'x' })] as const,
        ),
      );

      // Assert
      expect(baseline).toBeLessThan(500);
      expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(statuses.map(([k]) => [k, baseline])));
    },
  );
});

describe("user A on user B's resources", () => {
  let other: SignedIn;
  let appointmentId: string;
  let start: string;

  beforeAll(async () => {
    // Arrange: B has a booked appointment and an active session; A is `user`.
    other = await retryingColdStart(() => signIn());
    const consultantId = await privateConsultant();
    start = slotStart(3, 10);
    const { appointment } = await bookAppointment({
      userId: other.userId,
      serviceId: SERVICE_ID,
      consultantId,
      start,
      channel: 'web',
      actor: { kind: 'user', userId: other.userId },
    });
    appointmentId = appointment.appointmentId;
  });

  const asA = (method: string, path: string, body?: unknown) =>
    stackFetch(`${process.env.USER_API_URL}${path}`, {
      method,
      headers: { ...bearer(user), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("It should answer 404 to A reading, cancelling or rescheduling B's appointment, and leave it untouched", async () => {
    // Act
    const read = await asA('GET', `/appointments/${appointmentId}`);
    const cancel = await asA('POST', `/appointments/${appointmentId}/cancel`, { reason: 'not mine' });
    const move = await asA('POST', `/appointments/${appointmentId}/reschedule`, { start: slotStart(4, 11) });
    const list = (await (await asA('GET', '/appointments')).json()) as {
      items?: { appointmentId: string }[];
    };
    const asB = await stackFetch(`${process.env.USER_API_URL}/appointments/${appointmentId}`, {
      headers: bearer(other),
    });

    // Assert
    expect([read.status, cancel.status, move.status]).toEqual([404, 404, 404]);
    expect((list.items ?? []).map((a) => a.appointmentId)).not.toContain(appointmentId);
    expect(asB.status).toBe(200);
    const mine = (await asB.json()) as { status: string; start: string };
    expect(mine.status).toBe('booked');
    expect(new Date(mine.start).toISOString()).toBe(start);
  });

  it("It should answer 404 to A revoking B's session, and B's token keeps working", async () => {
    // Arrange
    const sid = String(decode(other.accessToken).claims.sid);

    // Act
    const res = await stackFetch(`${process.env.AUTH_URL}/auth/sessions/${sid}`, {
      method: 'DELETE',
      headers: bearer(user),
    });
    const me = await stackFetch(`${process.env.USER_API_URL}/me`, { headers: bearer(other) });

    // Assert
    expect(res.status).toBe(404);
    expect(me.status).toBe(200);
  });

  it('It should let an admin read any appointment (the admin API is where staff see across users)', async () => {
    // Act
    const res = await stackFetch(`${process.env.ADMIN_API_URL}/admin/appointments/${appointmentId}`, {
      headers: bearer(admin),
    });

    // Assert
    expect(res.status).toBe(200);
  });
});
