import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { handler as requestHandler } from '../../src/functions/otp-request/handler';
import { handler as verifyHandler } from '../../src/functions/otp-verify/handler';

const event = (body: string): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    resource: '/auth/otp/request',
    path: '/auth/otp/request',
    headers: { 'Content-Type': 'application/json' },
    body,
    isBase64Encoded: false,
    queryStringParameters: null,
    pathParameters: null,
    requestContext: { requestId: 'r1', identity: { sourceIp: '203.0.113.9' } },
  }) as unknown as APIGatewayProxyEvent;
const context = {} as Context;

describe('auth-otp request validation (no network)', () => {
  it('It should answer a malformed email with a 400 problem naming body.email', async () => {
    const res = await requestHandler(event(JSON.stringify({ email: 'not-an-email' })), context);
    expect(res.statusCode).toBe(400);
    expect(res.headers?.['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ field: 'body.email' })]);
  });

  it('It should answer a code that is not six digits with a 400 naming body.code, and a missing email too', async () => {
    const res = await verifyHandler(event(JSON.stringify({ code: '12ab' })), context);
    expect(res.statusCode).toBe(400);
    const fields = (JSON.parse(res.body).errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.code', 'body.email']);
  });
});
