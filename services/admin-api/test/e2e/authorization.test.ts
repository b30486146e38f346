import { randomUUID } from 'node:crypto';
import { ROUTES } from '../../../../test/routes';
import { type SignedIn, signIn, signInAdmin } from '../../../../test/support/auth';
import { call } from './helpers';

// Cold offline Lambdas (one worker per function) take seconds each on a loaded 2-core machine.
jest.setTimeout(120_000);

/**
 * The authorization matrix: every admin-api route of the route table × no token / a user's token /
 * an admin's token. Path parameters are random ids and bodies empty, so admin calls change nothing
 * (404 or 400) while proving the authorizer let them through.
 */
const adminRoutes = ROUTES.filter((r) => r.service === 'admin-api' && r.access === 'admin');
const fill = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

let user: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  [user, admin] = await Promise.all([signIn(), signInAdmin()]);
});

describe('the admin-api authorization matrix', () => {
  it('It should cover every admin route of the route table', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(30);
  });

  it.each(adminRoutes.map((r) => [r.method, r.path] as const))(
    'It should answer %s %s with 401 without a token',
    async (method, path) => {
      // Act
      const res = await call(
        method,
        fill(path),
        undefined,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );

      // Assert
      expect(res.status).toBe(401);
    },
  );

  it.each(adminRoutes.map((r) => [r.method, r.path] as const))(
    "It should answer %s %s with 403 for a user's token",
    async (method, path) => {
      // Act
      const res = await call(
        method,
        fill(path),
        user.accessToken,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );

      // Assert
      expect(res.status).toBe(403);
    },
  );

  it.each(adminRoutes.map((r) => [r.method, r.path] as const))(
    "It should let an admin's token through on %s %s",
    async (method, path) => {
      // Act
      const res = await call(
        method,
        fill(path),
        admin.accessToken,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );

      // Assert
      expect([401, 403]).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
    },
  );
});
