import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { z } from 'zod';
import { AppError, DependencyError } from '../../src/errors/index';
import { httpHandler, ok } from '../../src/http/index';
import { createLogger } from '../../src/logging/index';

const logger = createLogger('test');
logger.setLogLevel('SILENT');

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body: null,
    headers: {},
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/x',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/x',
    requestContext: {
      requestId: 'req-1',
      identity: { sourceIp: '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}
const ctx = {} as Context;

const route = httpHandler(
  { logger, auth: 'none', body: z.object({ email: z.email(), count: z.number().int().min(1) }) },
  async ({ body }) => ok({ got: body.email }),
);

describe('the HTTP stack', () => {
  it('It should parse and validate a JSON body and return JSON', async () => {
    const res = await route(
      event({
        body: JSON.stringify({ email: 'a@example.com', count: 2 }),
        headers: { 'Content-Type': 'application/json' },
      }),
      ctx,
    );
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ got: 'a@example.com' });
    expect(res.headers?.['x-correlation-id']).toBe('req-1');
  });

  it('It should answer 400 problem+json naming every invalid field', async () => {
    const res = await route(event({ body: JSON.stringify({ email: 'nope', count: 0 }) }), ctx);
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(res.body);
    expect(problem).toMatchObject({ status: 400, code: 'request.invalid', instance: 'req-1' });
    expect(problem.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.count',
      'body.email',
    ]);
  });

  it('It should reject a missing body, malformed JSON, a wrong content type and an oversized body', async () => {
    const missing = await route(event(), ctx);
    expect(JSON.parse(missing.body).errors).toEqual([{ field: 'body', message: 'is required' }]);
    const malformed = await route(event({ body: '{"email":' }), ctx);
    expect([malformed.statusCode, JSON.parse(malformed.body).code]).toEqual([400, 'request.malformedJson']);
    const wrongType = await route(event({ body: 'email=a', headers: { 'content-type': 'text/plain' } }), ctx);
    expect(wrongType.statusCode).toBe(415);
    const huge = await route(event({ body: JSON.stringify({ email: 'x'.repeat(70000) }) }), ctx);
    expect(huge.statusCode).toBe(413);
  });

  it('It should hide the details of unexpected errors behind a generic 500', async () => {
    const failing = httpHandler({ logger, auth: 'none' }, async () => {
      throw new Error('secret internals: token=abc');
    });
    const res = await failing(event({ httpMethod: 'GET' }), ctx);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret internals');
    expect(JSON.parse(res.body).code).toBe('internal.error');
  });

  it('It should turn a dependency failure into 503 with Retry-After', async () => {
    const failing = httpHandler({ logger, auth: 'none' }, async () => {
      throw new DependencyError('SES', new Error('down'), 7);
    });
    const res = await failing(event({ httpMethod: 'GET' }), ctx);
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('7');
  });

  it('It should map a throttled DynamoDB call to 503', async () => {
    const failing = httpHandler({ logger, auth: 'none' }, async () => {
      throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    });
    const res = await failing(event({ httpMethod: 'GET' }), ctx);
    expect(res.statusCode).toBe(503);
  });

  it('It should refuse a route without authorizer context, and a user token on an admin route', async () => {
    const userRoute = httpHandler({ logger }, async ({ auth }) => ok({ userId: auth.userId }));
    const adminRoute = httpHandler({ logger, auth: 'admin' }, async () => ok({}));
    expect((await userRoute(event({ httpMethod: 'GET' }), ctx)).statusCode).toBe(401);
    const authorizer = { userId: 'u1', sessionId: 's1', role: 'user' };
    const withUser = event({
      httpMethod: 'GET',
      requestContext: { requestId: 'r', authorizer } as unknown as APIGatewayProxyEvent['requestContext'],
    });
    expect(JSON.parse((await userRoute(withUser, ctx)).body)).toEqual({ userId: 'u1' });
    expect((await adminRoute(withUser, ctx)).statusCode).toBe(403);
  });

  it('It should keep the status of exposed domain errors', async () => {
    const failing = httpHandler({ logger, auth: 'none' }, async () => {
      throw new AppError('resource.conflict', 'Conflict', { detail: 'slot taken' });
    });
    const res = await failing(event({ httpMethod: 'GET' }), ctx);
    expect([res.statusCode, JSON.parse(res.body).detail]).toEqual([409, 'slot taken']);
  });
});

describe('the correlation id', () => {
  it('It should echo a well-formed caller id and replace an oversized or odd one with the request id', async () => {
    const plain = await route(
      event({
        body: JSON.stringify({ email: 'a@example.com', count: 1 }),
        headers: { 'x-correlation-id': 'abc-123' },
      }),
      ctx,
    );
    const hostile = await route(
      event({
        body: JSON.stringify({ email: 'a@example.com', count: 1 }),
        headers: { 'x-correlation-id': `x${'\n{"level":"ERROR"}'.repeat(500)}` },
      }),
      ctx,
    );
    expect(plain.headers?.['x-correlation-id']).toBe('abc-123');
    expect(hostile.headers?.['x-correlation-id']).toBe('req-1');
  });
});

describe('a body that is not a string', () => {
  it('It should validate a body the emulator handed over already parsed, instead of failing with a 500', async () => {
    const parsedByEmulator = event({
      body: -0 as unknown as string,
      headers: { 'content-type': 'application/json' },
    });
    const res = await route(parsedByEmulator, ctx);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors[0].field).toBe('body');
  });
});
