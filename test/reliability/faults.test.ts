import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { setDocumentClient } from '@bookingbot/common/db';
import { sesTransport, setEmailTransport } from '@bookingbot/common/email';
import { contractViolation } from '../security/support/fuzz';
import { handlerFor, lambdaContext, proxyEvent, ROUTES, type RouteSpec } from '../security/support/routes';

/**
 * Suite 4 (HTTP side): dependency faults injected at the client layer, every route of the table
 * invoked in process through its real handler. A client that can retry gets 503 + Retry-After
 * (problem+json `dependency.unavailable`), never a bare 500; a route that refuses the input first
 * still answers its 4xx. Messenger-side faults (Graph 5xx/613/551, worker crash, replay) are in
 * messenger-faults.test.ts.
 */
jest.setTimeout(120_000);

// ERROR, not quieter: config validation (common/config) accepts DEBUG|INFO|WARN|ERROR only.
process.env.LOG_LEVEL = 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/** A document client whose every call fails the way `fault` says. */
function failingDynamo(fault: 'unreachable' | 'throttled'): DynamoDBDocumentClient {
  // What the SDK rethrows after its own retries. (A client pointed at a closed port would do for
  // "unreachable" on Lambda, but under Jest's VM realm Node's socket error is not `instanceof
  // Error` and the SDK wraps it into a plain message, so the error is made here as Node makes it.)
  const error =
    fault === 'unreachable'
      ? Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED', errno: -111 })
      : Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $retryable: { throttling: true },
        });
  return { send: async () => Promise.reject(error) } as unknown as DynamoDBDocumentClient;
}

/** A request each route accepts as far as validation goes (ids random, bodies minimal but valid). */
const VALID_BODIES: Record<string, unknown> = {
  'POST /auth/otp/request': { email: `fault-${randomUUID()}@example.com` },
  'POST /auth/otp/verify': { email: `fault-${randomUUID()}@example.com`, code: '123456' },
  'POST /auth/token/refresh': { refreshToken: `${randomUUID()}.${'a'.repeat(43)}` },
  'PATCH /me': { name: 'Fault Tester' },
  'POST /appointments': {
    serviceId: 'svc-intro-call',
    consultantId: 'con-linh-nguyen',
    start: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  },
};

function eventFor(route: RouteSpec) {
  const key = `${route.method} ${route.path}`;
  const body = VALID_BODIES[key];
  const params = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1] as string, randomUUID()]),
  );
  return proxyEvent(route, {
    pathParameters: Object.keys(params).length ? params : null,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    sourceIp: '10.9.9.9',
    ...(route.access === 'public'
      ? {}
      : {
          caller: {
            userId: randomUUID(),
            sessionId: randomUUID(),
            role: route.access === 'admin' ? 'admin' : 'user',
          },
        }),
  });
}

const header = (h: Record<string, unknown> | undefined, name: string) =>
  Object.entries(h ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] as string | undefined;

describe.each(['unreachable', 'throttled'] as const)('DynamoDB %s', (fault) => {
  beforeAll(() => setDocumentClient(failingDynamo(fault)));
  afterAll(() => setDocumentClient(undefined));

  // The webhook POST never touches DynamoDB (it only checks the signature and hands off).
  const routes = ROUTES.filter((r) => !(r.service === 'messenger-webhook' && r.method === 'POST'));

  it.each(routes.map((r) => [`${r.method} ${r.path} (${r.service})`, r] as const))(
    'It should answer %s with a 4xx problem or 503 + Retry-After, never a 500',
    async (_name, route) => {
      // Arrange
      const handler = handlerFor(route);

      // Act
      const res = await handler(eventFor(route), lambdaContext());

      // Assert
      const headers = (res.headers ?? {}) as Record<string, string>;
      if (res.statusCode === 503) {
        expect(header(headers, 'retry-after')).toMatch(/^\d+$/);
        expect(JSON.parse(res.body).code).toBe('dependency.unavailable');
      } else {
        expect(contractViolation({ status: res.statusCode, headers, body: res.body })).toBeUndefined();
      }
    },
  );

  it.each([
    ['GET', '/me'],
    ['GET', '/appointments'],
    ['POST', '/appointments'],
    ['POST', '/auth/otp/request'],
    ['POST', '/auth/otp/verify'],
    ['GET', '/admin/users'],
  ])('It should answer %s %s with 503 + Retry-After when the table is out of reach', async (method, path) => {
    // Arrange
    const route = ROUTES.find((r) => r.method === method && r.path === path) as RouteSpec;

    // Act
    const res = await handlerFor(route)(eventFor(route), lambdaContext());

    // Assert
    expect(res.statusCode).toBe(503);
    expect(header(res.headers as Record<string, string>, 'retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(res.body).code).toBe('dependency.unavailable');
  });
});

describe('SES failing', () => {
  beforeAll(() =>
    // The real SES transport against a port nobody listens on: the connection is refused.
    setEmailTransport(sesTransport({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', retries: 0 })),
  );
  afterAll(() => setEmailTransport(undefined));

  it('It should answer a sign-in code request with 503 + Retry-After when the mail cannot be sent', async () => {
    // Arrange
    const route = ROUTES.find((r) => r.path === '/auth/otp/request') as RouteSpec;

    // Act
    const res = await handlerFor(route)(eventFor(route), lambdaContext());

    // Assert
    expect(res.statusCode).toBe(503);
    expect(header(res.headers as Record<string, string>, 'retry-after')).toMatch(/^\d+$/);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
  });
});
