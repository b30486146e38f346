import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** An API Gateway proxy event as the authorizer leaves it (role `admin` unless told otherwise). */
export function apiEvent(
  method: string,
  resource: string,
  opts: { body?: unknown; params?: Record<string, string>; role?: string | null; userId?: string },
) {
  const path = Object.entries(opts.params ?? {}).reduce((p, [k, v]) => p.replace(`{${k}}`, v), resource);
  return {
    httpMethod: method,
    resource,
    path,
    headers: opts.body ? { 'Content-Type': 'application/json' } : {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: opts.params ?? null,
    stageVariables: null,
    body: opts.body ? JSON.stringify(opts.body) : null,
    isBase64Encoded: false,
    requestContext: {
      requestId: randomUUID(),
      identity: { sourceIp: '127.0.0.1' },
      authorizer:
        opts.role === null
          ? null
          : {
              userId: opts.userId ?? `admin-${randomUUID()}`,
              sessionId: randomUUID(),
              role: opts.role ?? 'admin',
            },
    },
  } as unknown as APIGatewayProxyEvent;
}
export const ctx = {} as Context;
