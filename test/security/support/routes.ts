/**
 * The route list (test/routes.ts, read from the services' route tables) with the handler each
 * table entry names, so the security suites can call every route in process (volume) or over HTTP
 * (the real stack). That the packaged templates serve exactly these routes is the infrastructure
 * test's job (test/infra/cloudformation.test.ts).
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { ROUTES, type RouteSpec, type ServiceName } from '../../routes';

const ROOT = path.resolve(__dirname, '../../..');

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** `<service> <handler>` of the Lambda function serving `route` (one function per route). */
export const functionOf = (route: RouteSpec): string => `${route.service} ${route.handler}`;

/** One route per Lambda function: enough to start every function once. */
export const onePerFunction = (routes: RouteSpec[]) => [
  ...new Map(routes.map((r) => [functionOf(r), r] as const)).values(),
];

/** The `handler` export serving `route`, loaded in this process (config is read from the test env). */
export function handlerFor(route: RouteSpec): LambdaHandler {
  const ref = route.handler;
  if (!ref) throw new Error(`${route.method} ${route.path} (${route.service}) names no handler`);
  const dot = ref.lastIndexOf('.');
  const file = path.join(ROOT, 'services', route.service, ref.slice(0, dot));
  const mod = require(file) as Record<string, LambdaHandler>;
  const fn = mod[ref.slice(dot + 1)];
  if (typeof fn !== 'function') throw new Error(`${file} has no export ${ref.slice(dot + 1)}`);
  return fn;
}

/** Base URL of a service on the running stack (set by scripts/test.mjs). */
export function baseUrl(service: ServiceName): string {
  const name = {
    'auth-otp': 'AUTH_URL',
    'messenger-webhook': 'WEBHOOK_URL',
    'user-api': 'USER_API_URL',
    'admin-api': 'ADMIN_API_URL',
  }[service];
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through scripts/test.mjs`);
  // WEBHOOK_URL ends in /webhook; the route table carries that segment itself.
  return service === 'messenger-webhook' ? value.replace(/\/webhook\/?$/, '') : value;
}

/** `/appointments/{id}` with `{ id: 'x' }` → `/appointments/x` (values URL-encoded). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(wellFormed(params[name] ?? '')),
  );
}

/** Lone surrogates → U+FFFD: what API Gateway makes of bytes that are not UTF-8. */
export const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** The `{param}` names of a route template. */
export const pathParamNames = (template: string) =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

export interface Caller {
  userId: string;
  sessionId: string;
  role: 'user' | 'admin';
}

export interface EventParts {
  pathParameters?: Record<string, string> | null;
  queryStringParameters?: Record<string, string> | null;
  headers?: Record<string, string>;
  body?: string | null;
  isBase64Encoded?: boolean;
  caller?: Caller;
  sourceIp?: string;
}

/** An API Gateway REST (v1) proxy event for `route`, as the Lambda would receive it. */
export function proxyEvent(route: RouteSpec, parts: EventParts): APIGatewayProxyEvent {
  const pathParameters = parts.pathParameters ?? null;
  const requestId = randomUUID();
  return {
    resource: route.path,
    path: fillPath(route.path, pathParameters ?? {}),
    httpMethod: route.method,
    headers: parts.headers ?? {},
    multiValueHeaders: Object.fromEntries(Object.entries(parts.headers ?? {}).map(([k, v]) => [k, [v]])),
    queryStringParameters: parts.queryStringParameters ?? null,
    multiValueQueryStringParameters: parts.queryStringParameters
      ? Object.fromEntries(Object.entries(parts.queryStringParameters).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters,
    stageVariables: null,
    body: parts.body ?? null,
    isBase64Encoded: parts.isBase64Encoded ?? false,
    requestContext: {
      requestId,
      resourcePath: route.path,
      httpMethod: route.method,
      path: route.path,
      stage: 'local',
      accountId: '000000000000',
      apiId: 'local',
      protocol: 'HTTP/1.1',
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      identity: { sourceIp: parts.sourceIp ?? '127.0.0.1', userAgent: 'security-suite' },
      authorizer: parts.caller ? { ...parts.caller, principalId: parts.caller.userId } : null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** A Lambda context good enough for the HTTP stack (Powertools reads a few of these). */
export function lambdaContext(name = 'security-suite'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export { ROUTES, type RouteSpec };
