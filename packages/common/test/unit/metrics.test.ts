import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { AppError } from '../../src/errors/index';
import { httpHandler, ok } from '../../src/http/index';
import { createLogger } from '../../src/logging/index';
import { countMetric, METRIC, METRICS_NAMESPACE, recordSendApiError } from '../../src/metrics/index';

// test/jest/quiet-metrics.ts silences metrics in unit tests; these tests read them.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';

const logger = createLogger('test');
logger.setLogLevel('SILENT');

type Emf = {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
};

/** The EMF lines written to stdout while `act` runs. */
async function emfLines(act: () => Promise<unknown> | unknown): Promise<Emf[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Emf);
}

function event(resource: string, httpMethod = 'GET'): APIGatewayProxyEvent {
  return {
    body: null,
    headers: {},
    multiValueHeaders: {},
    httpMethod,
    isBase64Encoded: false,
    path: resource,
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource,
    requestContext: {
      requestId: 'req-1',
      identity: { sourceIp: '127.0.0.1' },
    } as APIGatewayProxyEvent['requestContext'],
  };
}

describe('the metrics helpers', () => {
  it('It should write one EMF line in the bookingbot namespace with the service dimension', async () => {
    // Act
    const [line, ...rest] = await emfLines(() => countMetric(METRIC.otpLocked));

    // Assert
    expect(rest).toHaveLength(0);
    const directive = line?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Metrics.map((m) => m.Name)).toEqual(['OtpLocked']);
    expect(directive?.Dimensions).toEqual([['service']]);
    expect(line?.OtpLocked).toBe(1);
  });

  it('It should count a Send API error by its Graph error code', async () => {
    const [line] = await emfLines(() => recordSendApiError(190));

    expect(line?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service', 'code']]);
    expect(line).toMatchObject({ code: '190', SendApiErrors: 1 });
  });
});

describe('the HTTP stack metrics', () => {
  it('It should count a 4xx per route template, and nothing for a 2xx', async () => {
    // Arrange
    const failing = httpHandler({ logger, auth: 'none' }, async () => {
      throw new AppError('auth.unauthorized', 'no token');
    });
    const fine = httpHandler({ logger, auth: 'none' }, async () => ok({}));

    // Act
    const rejected = await emfLines(() => failing(event('/appointments/{id}', 'PUT'), {} as Context));
    const accepted = await emfLines(() => fine(event('/health'), {} as Context));

    // Assert
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ route: 'PUT /appointments/{id}', Http4xx: 1 });
    expect(accepted).toHaveLength(0);
  });

  it('It should count an unexpected failure as a 5xx', async () => {
    const crashing = httpHandler({ logger, auth: 'none' }, async () => {
      throw new Error('boom');
    });

    const lines = await emfLines(() => crashing(event('/me'), {} as Context));

    expect(lines[0]).toMatchObject({ route: 'GET /me', Http5xx: 1 });
  });
});
