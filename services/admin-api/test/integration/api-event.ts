import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { routeTable } from '../../src/routes';

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

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Calls the function the route table names for the event's `METHOD resource`, as API Gateway would. */
export async function dispatch(
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> {
  const route = routeTable.routes.find((r) => r.method === event.httpMethod && r.path === event.resource);
  if (!route) throw new Error(`no route ${event.httpMethod} ${event.resource} in src/routes.ts`);
  const dot = route.handler.lastIndexOf('.');
  const mod = require(path.join(__dirname, '../..', route.handler.slice(0, dot))) as Record<string, Handler>;
  const fn = mod[route.handler.slice(dot + 1)];
  if (!fn) throw new Error(`${route.handler} is not exported`);
  return fn(event, context);
}
