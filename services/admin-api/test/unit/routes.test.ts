import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler as list } from '../../src/functions/appointments-list/handler';
import { handler as availability } from '../../src/functions/availability-staff/handler';
import { handler as search } from '../../src/functions/users-search/handler';
import { listWindow } from '../../src/lib/window';

/** A request as the admin authorizer leaves it; refused before any I/O in these tests. */
const event = (query: Record<string, string>) =>
  ({
    httpMethod: 'GET',
    resource: '/admin/x',
    path: '/admin/x',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: query,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      requestId: 'r',
      identity: { sourceIp: '127.0.0.1' },
      authorizer: { userId: 'u', sessionId: 's', role: 'admin' },
    },
  }) as unknown as APIGatewayProxyEvent;
const context = { getRemainingTimeInMillis: () => 1000, functionName: 'x', awsRequestId: 'r' } as Context;

describe('the admin list window', () => {
  it('It should read plain dates as whole days in the business time zone', () => {
    expect(listWindow({ from: '2026-12-03', to: '2026-12-04' }, 'Asia/Ho_Chi_Minh')).toEqual({
      from: '2026-12-02T17:00:00.000Z',
      to: '2026-12-04T17:00:00.000Z',
    });
  });

  it('It should default to today + 7 days in the business time zone', () => {
    const now = new Date('2026-12-01T20:00:00Z'); // 03:00 on 2 December in Ho Chi Minh City
    expect(listWindow({}, 'Asia/Ho_Chi_Minh', now)).toEqual({
      from: '2026-12-01T17:00:00.000Z',
      to: '2026-12-08T17:00:00.000Z',
    });
  });

  it('It should take instants as given and refuse a window that ends before it starts', () => {
    expect(listWindow({ from: '2026-12-03T10:00:00+07:00', to: '2026-12-03T12:00:00Z' }, 'UTC')).toEqual({
      from: '2026-12-03T03:00:00.000Z',
      to: '2026-12-03T12:00:00.000Z',
    });
    expect(() => listWindow({ from: '2026-12-05', to: '2026-12-03' }, 'UTC')).toThrow();
  });
});

describe('strict query parameters on admin routes', () => {
  it('It should answer `?q=` on user search with a 400 naming query.q', async () => {
    const res = await search(event({ q: 'someone' }), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ field: 'query.q' })]);
  });

  it('It should answer an unknown parameter on the appointment list with a 400 naming it', async () => {
    const res = await list(event({ form: '2026-12-03' }), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ field: 'query.form' })]);
  });

  it.each([
    ['neither a date nor a range', {}, 'query.date'],
    ['both a date and a range', { date: '2026-12-03', from: '2026-12-03' }, 'query.date'],
    ['a range that ends before it starts', { from: '2026-12-05', to: '2026-12-03' }, 'query.to'],
    ['a range longer than 14 days', { from: '2026-12-01', to: '2026-12-15' }, 'query.to'],
    ['an end without a start', { date: '2026-12-03', to: '2026-12-04' }, 'query.to'],
  ])('It should answer staff availability with %s with a 400 naming the field', async (_what, q, field) => {
    const res = await availability(event({ serviceId: 'svc', ...q }), context);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ field })]);
  });
});
