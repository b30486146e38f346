import fc from 'fast-check';
import { bearer, type SignedIn, signIn, signInAdmin } from '../support/auth';
import { contractViolation, requestArb } from './support/fuzz';
import { retryingColdStart, stackFetch, warmUp } from './support/http';
import { baseUrl, fillPath, onePerFunction, ROUTES, type RouteSpec, wellFormed } from './support/routes';

/**
 * Suite 1 over real HTTP: a smaller sample of the same hostile requests through API Gateway's
 * stand-in (serverless-offline), the authorizer and the real wire — raw invalid UTF-8 bytes, wrong
 * content types, odd query strings — with a genuine token of the route's access level. The volume
 * (200 per route, 10,000 in the long run) is in process: bad-input.test.ts.
 */
const RUNS = 8;
jest.setTimeout(600_000);

let user: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  user = await retryingColdStart(() => signIn());
  admin = await retryingColdStart(() => signInAdmin());
  await warmUp(
    onePerFunction(ROUTES.filter((r) => r.path !== '/auth/logout')).map((r) => ({
      url: `${baseUrl(r.service)}${fillPath(r.path, { id: 'warm', timeOffId: 'warm', queryId: 'warm' })}`,
      method: r.method,
      headers: bearer(admin),
    })),
  );
}, 600_000);

/** Headers a client can really send (no control characters, Latin-1 only), as fetch enforces. */
const sendable = (headers: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([, v]) => /^[\x20-\x7e\x80-\xff]*$/.test(v) && v.length < 4000),
  );

describe.each(
  ROUTES.filter((r) => r.path !== '/auth/logout').map(
    (r) => [`${r.method} ${r.path} (${r.service})`, r] as const,
  ),
)('%s over HTTP', (_name, route: RouteSpec) => {
  it(`It should answer ${RUNS} hostile requests with no 5xx and problem+json 4xx`, async () => {
    await fc.assert(
      // `.` and `..` cannot travel as a path segment (URLs normalize them away).
      fc.asyncProperty(
        requestArb(route).filter((r) =>
          Object.values(r.pathParameters ?? {}).every((v) => v !== '.' && v !== '..'),
        ),
        async (req) => {
          // Arrange
          const token =
            route.access === 'admin' ? bearer(admin) : route.access === 'user' ? bearer(user) : {};
          const query = new URLSearchParams(
            Object.entries(req.queryStringParameters ?? {}).map(([k, v]): [string, string] => [
              wellFormed(k),
              wellFormed(v),
            ]),
          ).toString();
          const url = `${baseUrl(route.service)}${fillPath(route.path, req.pathParameters ?? {})}${query ? `?${query}` : ''}`;
          const hasBody = route.method !== 'GET' && route.method !== 'DELETE' && req.body !== null;
          const body = hasBody
            ? req.isBase64Encoded
              ? Buffer.from(req.body as string, 'base64')
              : (req.body as string)
            : undefined;

          // Act
          const res = await stackFetch(url, {
            method: route.method,
            headers: { ...sendable(req.headers), ...token },
            ...(body === undefined ? {} : { body }),
          });
          const text = await res.text();

          // Assert
          const problem = contractViolation({
            status: res.status,
            headers: Object.fromEntries(res.headers.entries()),
            body: text,
          });
          if (problem) throw new Error(`${route.method} ${url}: ${problem}`);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
