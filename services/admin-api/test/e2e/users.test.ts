import { type SignedIn, signIn, signInAdmin } from '../../../../test/support/auth';
import { call } from './helpers';

// Cold offline Lambdas (one worker per function) take seconds each on a loaded 2-core machine.
jest.setTimeout(120_000);

/** Blocking and the other user operations, through the real authorizers of admin-api and user-api. */
let admin: SignedIn;

beforeAll(async () => {
  admin = await signInAdmin();
});

const me = (token: string) => call('GET', '/me', token, undefined, process.env.USER_API_URL);
const audited = async (userId: string) =>
  (await call('GET', `/admin/audit?targetType=user&targetId=${userId}`, admin.accessToken)).body.items as {
    action: string;
    actor: { userId: string };
    before: Record<string, unknown>;
    after: Record<string, unknown>;
    reason?: string;
  }[];

describe('blocking a customer', () => {
  it("It should make the customer's token fail on user-api with 403 and work again after unblocking", async () => {
    // Arrange
    const customer = await signIn();
    expect((await me(customer.accessToken)).status).toBe(200);

    // Act
    const blocked = await call('POST', `/admin/users/${customer.userId}/block`, admin.accessToken, {
      reason: 'abuse',
    });
    const whileBlocked = await me(customer.accessToken);
    const unblocked = await call('POST', `/admin/users/${customer.userId}/unblock`, admin.accessToken, {});
    const fresh = await signIn(customer.email);
    const afterUnblock = await me(fresh.accessToken);

    // Assert
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({ blocked: true, sessionsRevoked: 1 });
    expect(whileBlocked.status).toBe(403);
    expect(unblocked.body).toMatchObject({ blocked: false });
    expect(afterUnblock.status).toBe(200);
    const entries = await audited(customer.userId);
    expect(entries.map((e) => e.action)).toEqual(['user.unblock', 'user.block']);
    expect(entries[1]).toMatchObject({
      actor: { userId: admin.userId },
      before: { blocked: false },
      after: { blocked: true, sessionsRevoked: 1 },
      reason: 'abuse',
    });
  });

  it('It should refuse to let an admin block themselves', async () => {
    // Act
    const res = await call('POST', `/admin/users/${admin.userId}/block`, admin.accessToken, {});

    // Assert
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('admin.selfLockout');
  });
});

describe('user administration', () => {
  it('It should find a customer by email prefix and page through results with an opaque cursor', async () => {
    // Arrange
    const prefix = `find-${Date.now()}`;
    await Promise.all([0, 1, 2].map((i) => signIn(`${prefix}-${i}@example.com`)));

    // Act
    const first = await call('GET', `/admin/users?query=${prefix}@&limit=2`, admin.accessToken);
    const byPrefix = await call(
      'GET',
      `/admin/users?query=${encodeURIComponent(`${prefix}-`)}&limit=2`,
      admin.accessToken,
    );
    const second = await call(
      'GET',
      `/admin/users?query=${encodeURIComponent(`${prefix}-`)}&limit=2&cursor=${byPrefix.body.nextCursor}`,
      admin.accessToken,
    );
    const badCursor = await call('GET', '/admin/users?cursor=not-a-cursor', admin.accessToken);

    // Assert
    expect(first.status).toBe(200);
    expect(byPrefix.body.items).toHaveLength(2);
    expect(typeof byPrefix.body.nextCursor).toBe('string');
    const emails = [...byPrefix.body.items, ...second.body.items].map((u: { email: string }) => u.email);
    expect(emails.filter((e) => e.startsWith(prefix)).sort()).toEqual(
      [0, 1, 2].map((i) => `${prefix}-${i}@example.com`),
    );
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe('query.cursor');
  });

  it('It should revoke every session so refresh and access tokens stop working, audited', async () => {
    // Arrange
    const customer = await signIn();
    await signIn(customer.email);

    // Act
    const res = await call('POST', `/admin/users/${customer.userId}/revoke-sessions`, admin.accessToken, {});
    const afterwards = await me(customer.accessToken);

    // Assert
    expect(res.body).toEqual({ revoked: 2 });
    expect(afterwards.status).toBe(401);
    const [entry] = await audited(customer.userId);
    expect(entry).toMatchObject({ action: 'user.revokeSessions', after: { revoked: 2 } });
    expect(entry?.before.activeSessions).toHaveLength(2);
  });

  it('It should grant the admin role so the user reaches admin-api, then remove it, each audited', async () => {
    // Arrange
    const staff = await signIn();
    expect((await call('GET', '/admin/audit', staff.accessToken)).status).toBe(403);

    // Act
    const granted = await call('PUT', `/admin/users/${staff.userId}/role`, admin.accessToken, {
      role: 'admin',
    });
    const asAdmin = await signIn(staff.email);
    const reached = await call('GET', '/admin/audit?limit=1', asAdmin.accessToken);
    const removed = await call('PUT', `/admin/users/${staff.userId}/role`, admin.accessToken, {
      role: 'user',
    });
    const demoted = await call('GET', '/admin/audit?limit=1', asAdmin.accessToken);
    const invalid = await call('PUT', `/admin/users/${staff.userId}/role`, admin.accessToken, {
      role: 'root',
    });

    // Assert
    expect(granted.body.role).toBe('admin');
    expect(reached.status).toBe(200);
    expect(removed.body.role).toBe('user');
    expect(demoted.status).toBe(403);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].field).toBe('body.role');
    expect((await audited(staff.userId)).map((e) => [e.action, e.before.role, e.after.role])).toEqual([
      ['user.setRole', 'admin', 'user'],
      ['user.setRole', 'user', 'admin'],
    ]);
  });
});
