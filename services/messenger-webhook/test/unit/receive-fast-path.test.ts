import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import fc from 'fast-check';

/**
 * The receive handler's fast path against a real HTTP endpoint standing in for Lambda's Invoke API
 * (a loopback server on an ephemeral port, the way serverless-offline's invoke endpoint is used
 * locally): what it hands off, what it answers, and that a failed hand-off still ends in the full
 * stack's 503. The reliability suite proves the same on the offline stack with the real worker.
 */
const APP_SECRET = 'unit-test-app-secret';
const raw = readFileSync(path.join(__dirname, '../fixtures/single.json'), 'utf8');
const sign = (body: string) =>
  `sha256=${createHmac('sha256', APP_SECRET).update(body, 'utf8').digest('hex')}`;

let server: Server;
let answer = 202;
const received: { headers: IncomingHttpHeaders; url: string; body: string }[] = [];
let handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
let correlationIdOf: (event: APIGatewayProxyEvent) => string | undefined;
const saved = { ...process.env };
const ctx = { functionName: 'receive', awsRequestId: 'a', getRemainingTimeInMillis: () => 5000 } as Context;

function post(body: string, headers: Record<string, string>, requestId = 'req-1'): APIGatewayProxyEvent {
  return {
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
    multiValueHeaders: {},
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/webhook',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/webhook',
    requestContext: {
      requestId,
      identity: { sourceIp: '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, url: req.url ?? '', body });
      res
        .writeHead(answer, { 'content-type': 'application/json' })
        .end(answer === 202 ? '' : '{"message":"boom"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  Object.assign(process.env, {
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_LAMBDA_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    WORKER_FUNCTION_NAME: 'bookingbot-messenger-webhook-unit-worker',
    AWS_ACCESS_KEY_ID: 'AKIDUNIT',
    AWS_SECRET_ACCESS_KEY: 'unit-secret',
    AWS_REGION: 'us-east-1',
  });
  ({ handler } = await import('../../src/functions/receive/handler'));
  ({ correlationIdOf } = await import('@bookingbot/common/http'));
});
afterAll(async () => {
  process.env = saved;
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  received.length = 0;
  answer = 202;
});

describe('POST /webhook fast path', () => {
  it('It should hand the raw body to the worker with one signed async Invoke and answer 200', async () => {
    // Arrange
    const event = post(raw, { 'X-Hub-Signature-256': sign(raw) }, 'req-42');

    // Act
    const res = await handler(event, ctx);

    // Assert
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ received: true });
    expect(res.headers?.['x-correlation-id']).toBe('req-42');
    expect(received).toHaveLength(1);
    const [invoke] = received;
    expect(invoke?.url).toBe('/2015-03-31/functions/bookingbot-messenger-webhook-unit-worker/invocations');
    expect(invoke?.headers['x-amz-invocation-type']).toBe('Event');
    expect(invoke?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDUNIT\/\d{8}\/us-east-1\/lambda\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-invocation-type, Signature=[0-9a-f]{64}$/,
    );
    expect(invoke?.body.endsWith(`"body":${raw}}`)).toBe(true); // the signed bytes, untouched
    expect(JSON.parse(invoke?.body ?? '')).toMatchObject({ correlationId: 'req-42', body: JSON.parse(raw) });
  });

  it('It should answer the same correlation id as the HTTP stack for any X-Correlation-Id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:-]{1,130}$/), fc.string({ maxLength: 20 })),
        fc.constantFrom('X-Correlation-Id', 'x-correlation-id', 'X-CORRELATION-ID'),
        async (given, name) => {
          // Arrange
          const event = post(raw, { 'X-Hub-Signature-256': sign(raw), [name]: given }, 'req-7');

          // Act
          const res = await handler(event, ctx);

          // Assert
          expect(res.statusCode).toBe(200);
          expect(res.headers?.['x-correlation-id']).toBe(correlationIdOf(event));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('It should answer 200 to a signed Page webhook without events and invoke nothing', async () => {
    // Arrange
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1 }] });

    // Act
    const res = await handler(post(body, { 'X-Hub-Signature-256': sign(body) }), ctx);

    // Assert
    expect(res.statusCode).toBe(200);
    expect(received).toHaveLength(0);
  });

  it('It should answer 503 problem+json when the worker invoke fails, so Meta redelivers', async () => {
    // Arrange: the invoke endpoint fails every attempt
    answer = 500;

    // Act
    const res = await handler(post(raw, { 'X-Hub-Signature-256': sign(raw) }), ctx);

    // Assert: two attempts locally, then the full stack's answer (no third try from there)
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['Content-Type'] ?? res.headers?.['content-type']).toMatch(/problem\+json/);
    expect(received).toHaveLength(2);
  });

  it('It should refuse a forged signature through the full stack, naming the header, without invoking', async () => {
    // Arrange
    const event = post(raw, { 'X-Hub-Signature-256': sign(`${raw} `) });

    // Act
    const res = await handler(event, ctx);

    // Assert
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body).errors).toEqual([
      { field: 'header.x-hub-signature-256', message: 'does not match the body' },
    ]);
    expect(received).toHaveLength(0);
  });

  it('It should answer problem+json 500 through the full stack when the App Secret cannot be loaded', async () => {
    // Arrange: no secret configured, nothing cached
    const { clearAppSecretKey } = await import('@bookingbot/common/messenger/signature');
    const { clearSecretCache } = await import('@bookingbot/common/config');
    clearAppSecretKey();
    clearSecretCache();
    delete process.env.MESSENGER_APP_SECRET;

    // Act
    const res = await handler(post(raw, { 'X-Hub-Signature-256': sign(raw) }), ctx).finally(() => {
      process.env.MESSENGER_APP_SECRET = APP_SECRET;
    });

    // Assert: an answer (not a rejected invocation), and nothing handed off
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['Content-Type'] ?? res.headers?.['content-type']).toMatch(/problem\+json/);
    expect(received).toHaveLength(0);
  });

  it('It should refuse a signed body that is not a Page webhook, naming the field', async () => {
    // Arrange
    const body = JSON.stringify({ object: 'user', entry: [{ id: '1', messaging: [{}] }] });

    // Act
    const res = await handler(post(body, { 'X-Hub-Signature-256': sign(body) }), ctx);

    // Assert
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(JSON.parse(res.body).errors)).toContain('object');
    expect(received).toHaveLength(0);
  });
});
