/**
 * The bad-input property, route by route, in process: every route of test/routes.ts gets `numRuns`
 * hostile requests through its real Lambda handler (real DynamoDB Local, SES local), with the
 * authorizer's context of a fresh caller of the route's access level (the authorizer itself is
 * the authorization matrix's subject). Shared by the normal run (200 per route) and the long run.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { contractViolation, requestArb, watchRejections } from './fuzz';
import { handlerFor, lambdaContext, proxyEvent, ROUTES, type RouteSpec } from './routes';

/**
 * Routes outside the HTTP stack that read no input at all (health, the service's own OpenAPI
 * document): any request gets 200.
 */
const INPUT_FREE = new Set(['GET /health', 'GET /openapi.json']);

const label = (r: RouteSpec) => `${r.method} ${r.path} (${r.service}, ${r.access})`;

export function describeBadInputFuzz(numRuns: number, { seed }: { seed?: number } = {}): void {
  // Thousands of rejections would flood the test output; the verdict is in the responses.
  // ERROR, not quieter: config validation (common/config) accepts DEBUG|INFO|WARN|ERROR only.
  process.env.LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const appSecret = process.env.MESSENGER_APP_SECRET;
  const rejections = watchRejections();
  afterAll(() => rejections.stop());

  describe.each(ROUTES.map((r) => [label(r), r] as const))('%s', (_name, route) => {
    it(`It should answer ${numRuns} hostile requests without a 5xx, each 4xx a problem+json naming what is wrong`, async () => {
      // Arrange
      const handler = handlerFor(route);
      const secret = route.service === 'messenger-webhook' && route.method === 'POST' ? appSecret : undefined;
      const statuses = new Map<number, number>();

      // Act + Assert (per case)
      await fc.assert(
        fc.asyncProperty(requestArb(route, secret), async (req) => {
          const caller =
            route.access === 'public'
              ? undefined
              : {
                  userId: randomUUID(),
                  sessionId: randomUUID(),
                  role: route.access === 'admin' ? ('admin' as const) : ('user' as const),
                };
          const event = proxyEvent(route, {
            ...req,
            ...(caller ? { caller } : {}),
            sourceIp: `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.9`,
          });
          const res = await handler(event, lambdaContext());
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          const problem = contractViolation({
            status: res.statusCode,
            headers: (res.headers ?? {}) as Record<string, string>,
            body: typeof res.body === 'string' ? res.body : '',
          });
          if (problem) throw new Error(problem);
        }),
        { numRuns, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
      );

      // Assert: nothing leaked a rejection, and the run was not vacuous — routes that read their
      // input refused most of it; the input-free ones (health, JWKS) answered 200 to all of it.
      const refused = [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0);
      if (INPUT_FREE.has(`${route.method} ${route.path}`)) expect([...statuses.keys()]).toEqual([200]);
      else expect(refused).toBeGreaterThan(numRuns / 4);
      expect(rejections.seen).toEqual([]);
    });
  });
}
