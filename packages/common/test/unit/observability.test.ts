import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { httpHandler, ok } from '../../src/http/index';
import { createLogger, startInvocation } from '../../src/logging/index';
import { traceClient, traced, tracer, tracingEnabled } from '../../src/tracing/index';

/** Every JSON line the loggers print while `fn` runs (Powertools writes to stdout/stderr through its own Console). */
async function captureLines(fn: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const chunks: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  try {
    await fn();
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const context = {
  functionName: 'user-api-me-get',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:1:function:user-api-me-get',
  memoryLimitInMB: '256',
  awsRequestId: 'lambda-req-1',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

function event(headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return {
    body: null,
    headers,
    multiValueHeaders: {},
    httpMethod: 'GET',
    isBase64Encoded: false,
    path: '/me',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/me',
    requestContext: {
      requestId: 'api-req-1',
      identity: { sourceIp: '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

describe('one logger per function, a child per module', () => {
  const domainLog = createLogger('booking-domain');
  const routeLog = createLogger('route');
  const route = httpHandler({ logger: routeLog, auth: 'none' }, async () => {
    routeLog.info('route line');
    domainLog.info('domain line');
    return ok({});
  });

  it('It should put the Lambda context, cold start and the correlation id on every module’s lines', async () => {
    const lines = await captureLines(() => route(event({ 'X-Correlation-Id': 'corr-42' }), context));
    const routeLine = lines.find((l) => l.message === 'route line');
    const domainLine = lines.find((l) => l.message === 'domain line');
    for (const line of [routeLine, domainLine]) {
      expect(line).toMatchObject({
        correlationId: 'corr-42',
        function_request_id: 'lambda-req-1',
        function_name: 'user-api-me-get',
        cold_start: expect.any(Boolean),
        method: 'GET',
        path: '/me',
      });
    }
    expect([routeLine?.module, domainLine?.module]).toEqual(['route', 'booking-domain']);
  });

  it('It should echo the correlation id on a refused request too', async () => {
    const refused = httpHandler({ logger: routeLog }, async () => ok({}));
    const res = await captureLines(async () => {
      const r = await refused(event({ 'x-correlation-id': 'corr-401' }), context);
      expect([r.statusCode, r.headers?.['x-correlation-id']]).toEqual([401, 'corr-401']);
    });
    expect(res.find((l) => l.message === 'request rejected')).toMatchObject({ correlationId: 'corr-401' });
  });

  it('It should drop the previous request’s keys: the next request has its own correlation id', async () => {
    await captureLines(() => route(event({ 'x-correlation-id': 'first' }), context));
    const lines = await captureLines(() => route(event(), { ...context, awsRequestId: 'lambda-req-2' }));
    const domainLine = lines.find((l) => l.message === 'domain line');
    expect(domainLine).toMatchObject({ correlationId: 'api-req-1', function_request_id: 'lambda-req-2' });
  });

  it('It should give a plain handler the same keys through startInvocation', async () => {
    const lines = await captureLines(async () => {
      startInvocation(context, { correlationId: 'worker-7' });
      domainLog.info('worker line');
    });
    expect(lines.find((l) => l.message === 'worker line')).toMatchObject({
      correlationId: 'worker-7',
      function_request_id: 'lambda-req-1',
      module: 'booking-domain',
    });
  });
});

describe('the tracer', () => {
  it('It should be off outside Lambda, offline, or when switched off, and on in Lambda', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', IS_OFFLINE: 'true' })).toBe(false);
    expect(
      tracingEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' }),
    ).toBe(false);
    expect(tracingEnabled({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toBe(true);
  });

  it('It should pass clients and calls through untouched when off (local and tests)', async () => {
    expect(tracer().isTracingEnabled()).toBe(false);
    const client = { send: async () => 'sent', middlewareStack: { add: jest.fn() } };
    expect(traceClient(client)).toBe(client);
    expect(client.middlewareStack.add).not.toHaveBeenCalled();
    await expect(traced('graph.send', async () => 'reply')).resolves.toBe('reply');
    await expect(traced('graph.send', async () => Promise.reject(new Error('graph down')))).rejects.toThrow(
      'graph down',
    );
  });
});
