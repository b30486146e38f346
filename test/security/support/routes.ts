/**
 * The route table (test/routes.ts) joined with what each service's serverless.yml says serves it,
 * so the security suites can call every route in process (volume) or over HTTP (the real stack).
 * A route the table lists but no serverless.yml serves fails here; the reverse (a packaged route
 * missing from the table) is the infrastructure test's job (test/infra/cloudformation.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { parse } from 'yaml';
import { ROUTES, type RouteSpec, type ServiceName } from '../../routes';

const ROOT = path.resolve(__dirname, '../../..');

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface HttpEventSpec {
  path: string;
  method: string;
}

/** `METHOD /path` → `src/functions/<fn>/handler.<export>` of one service, from its serverless.yml. */
function handlersOf(service: ServiceName): Map<string, string> {
  const doc = parse(readFileSync(path.join(ROOT, 'services', service, 'serverless.yml'), 'utf8'), {
    merge: true,
  }) as { functions: Record<string, { handler: string; events?: { http?: HttpEventSpec | string }[] }> };
  const out = new Map<string, string>();
  for (const fn of Object.values(doc.functions)) {
    for (const ev of fn.events ?? []) {
      if (!ev.http) continue;
      const [method, p] =
        typeof ev.http === 'string'
          ? (ev.http.split(/\s+/) as [string, string])
          : [ev.http.method, ev.http.path];
      out.set(`${method.toUpperCase()} /${p.replace(/^\/+/, '')}`, fn.handler);
    }
  }
  return out;
}

const cache = new Map<ServiceName, Map<string, string>>();

/** `<service> <handler>` of the Lambda function serving `route` (several routes may share one). */
export function functionOf(route: RouteSpec): string {
  let table = cache.get(route.service);
  if (!table) {
    table = handlersOf(route.service);
    cache.set(route.service, table);
  }
  return `${route.service} ${table.get(`${route.method} ${route.path}`) ?? `${route.method} ${route.path}`}`;
}

/** One route per Lambda function: enough to start every function once. */
export const onePerFunction = (routes: RouteSpec[]) => [
  ...new Map(routes.map((r) => [functionOf(r), r] as const)).values(),
];

/** The `handler` export serving `route`, loaded in this process (config is read from the test env). */
export function handlerFor(route: RouteSpec): LambdaHandler {
  let table = cache.get(route.service);
  if (!table) {
    table = handlersOf(route.service);
    cache.set(route.service, table);
  }
  const ref = table.get(`${route.method} ${route.path}`);
  if (!ref)
    throw new Error(
      `${route.method} ${route.path} (${route.service}) is in test/routes.ts but not in serverless.yml`,
    );
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
