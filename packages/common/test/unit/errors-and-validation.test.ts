import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { z } from 'zod';
import { NotModifiableError } from '../../src/booking/errors';
import { AppError, ERROR_CODES, statusForCode, titleForCode } from '../../src/errors/index';
import { httpHandler, noContent, ok } from '../../src/http/index';
import { problemResponse } from '../../src/middleware/problem-details';
import { declaredKeys } from '../../src/middleware/validate';
import { assertEmailAddress, emailAddress } from '../../src/users/index';

function event(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body: null,
    headers: {},
    multiValueHeaders: {},
    httpMethod: 'GET',
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

describe('the error code table', () => {
  it('It should give every code a status and a title, and the service codes their 409', () => {
    for (const [code, { status, title }] of Object.entries(ERROR_CODES)) {
      expect([code, statusForCode(code), titleForCode(code)]).toEqual([code, status, title]);
    }
    expect(
      [
        'admin.wouldOrphanAppointments',
        'admin.selfLockout',
        'messenger.notLinked',
        'messenger.windowClosed',
      ].map(statusForCode),
    ).toEqual([409, 409, 409, 409]);
    expect(statusForCode('no.such.code')).toBe(500);
  });
});

describe('the problem serializer', () => {
  it('It should keep status 409 when the appointment state rides along (appointmentStatus)', () => {
    const res = problemResponse(new NotModifiableError('cancelled'), 'req-9');
    const body = JSON.parse(res.body);
    expect(res.statusCode).toBe(409);
    expect(body).toMatchObject({
      status: 409,
      code: 'booking.notModifiable',
      appointmentStatus: 'cancelled',
      title: 'Appointment cannot be changed',
      instance: 'req-9',
    });
  });

  it('It should never let an extension member overwrite type, title, status, detail or instance', () => {
    const hostile = new AppError('resource.conflict', 'Conflict', {
      detail: 'real detail',
      extensions: { type: 'x', title: 'x', status: 'x', detail: 'x', instance: 'x', code: 'x', extra: 1 },
    });
    const body = JSON.parse(problemResponse(hostile, 'req-2').body);
    expect(body).toEqual({
      type: 'https://bookingbot.dev/problems/resource.conflict',
      title: 'Conflict',
      status: 409,
      code: 'resource.conflict',
      detail: 'real detail',
      instance: 'req-2',
      extra: 1,
    });
  });
});

describe('strict query parameters', () => {
  const search = httpHandler(
    { auth: 'none', query: z.object({ query: z.string().optional(), limit: z.coerce.number().optional() }) },
    async ({ query }) => ok({ query: query.query ?? null }),
  );
  const noQuery = httpHandler({ auth: 'none' }, async () => ok({}));

  it('It should answer 400 naming a parameter the route does not declare (?q= for ?query=)', async () => {
    const res = await search(event({ queryStringParameters: { q: 'ann' } }), ctx);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([{ field: 'query.q', message: 'unknown query parameter' }]);
  });

  it('It should accept the declared parameters', async () => {
    const res = await search(event({ queryStringParameters: { query: 'ann', limit: '5' } }), ctx);
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { query: 'ann' }]);
  });

  it('It should refuse any query on a route that declares none', async () => {
    const res = await noQuery(event({ queryStringParameters: { debug: '1' } }), ctx);
    expect([res.statusCode, JSON.parse(res.body).errors[0].field]).toEqual([400, 'query.debug']);
    expect((await noQuery(event(), ctx)).statusCode).toBe(200);
  });

  it('It should read the declared keys through defaults, pipes and optional wrappers, and not judge loose schemas', () => {
    expect([...(declaredKeys(z.object({ a: z.string() }).transform((o) => o)) ?? [])]).toEqual(['a']);
    expect([...(declaredKeys(z.object({ b: z.string().default('x') }).optional()) ?? [])]).toEqual(['b']);
    expect(declaredKeys(z.looseObject({ a: z.string() }))).toBeUndefined();
    expect(declaredKeys(z.record(z.string(), z.string()))).toBeUndefined();
  });
});

describe('a 204 answer', () => {
  it('It should carry no content type and no body', async () => {
    const del = httpHandler({ auth: 'none' }, async () => noContent());
    const res = await del(event({ httpMethod: 'DELETE' }), ctx);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(Object.keys(res.headers ?? {}).map((h) => h.toLowerCase())).not.toContain('content-type');
  });
});

describe('the email address rule (RFC 5321)', () => {
  const at = (local: string) => `${local}@example.com`;
  it('It should accept a 64-character local part and refuse a 65-character one', () => {
    expect(emailAddress.safeParse(at('a'.repeat(64))).success).toBe(true);
    const long = emailAddress.safeParse(at('a'.repeat(65)));
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toMatch(/64/);
  });

  it('It should refuse a bad address with a 400 naming the field', () => {
    expect(() => assertEmailAddress(at('b'.repeat(65)))).toThrow(
      expect.objectContaining({
        code: 'request.invalid',
        errors: [expect.objectContaining({ field: 'body.email' })],
      }),
    );
    expect(() => assertEmailAddress('not-an-email', 'text')).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'text' })] }),
    );
    expect(() => assertEmailAddress(at('ok'))).not.toThrow();
  });
});
