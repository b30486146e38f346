/**
 * The route table of a service (`services/<svc>/src/routes.ts`) is its one declaration: method,
 * path, access, handler, schemas, limits and IAM of every route. From it come the deployed
 * functions (the `@bookingbot/infra` plugin), the authorizer wiring, the handlers' validation
 * (`routeOptions`), the route list the tests use, and the OpenAPI 3.1 document (`openApiDocument`).
 *
 * Tables write their schemas with `import * as z from '@bookingbot/common/schema'` (zod/mini, so a
 * function bundles only the checks its own route uses), inside each entry's `schemas` function:
 * every function bundles its whole table, and only its own route's schemas are built (a schema
 * several entries share is a `z.deferred`). This module is loaded by the Serverless plugin at
 * package time too: it imports zod and types only, and the plugin never builds a schema.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { RateLimitRule } from '../db/rate-limit';
import type { AnySchema } from '../schema/index';
import * as z from '../schema/index';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `public` (anyone), `user` (any signed-in caller, via the Lambda authorizer),
 * `admin` (authorizer + admin role), `signature` (no authorizer; the handler checks a signature
 * or a shared token, e.g. Meta's webhook).
 */
export type Access = 'public' | 'user' | 'admin' | 'signature';

/**
 * A grant of the route's own IAM role. `resources` are references resolved by the plugin:
 * `custom:NAME` → `${self:custom.NAME}` of the service's serverless.yml, or a literal ARN.
 */
export interface IamGrant {
  actions: string[];
  resources: string[];
}

/** API Gateway method throttling (requests per second, token-bucket burst). */
export interface Throttle {
  rate: number;
  burst: number;
}

/** What a route takes (`params`, `query`, `body`) and answers (`responses`). */
export interface RouteSchemas<
  B extends AnySchema = z.core.$ZodType<undefined>,
  Q extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
  P extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
> {
  params?: P;
  query?: Q;
  body?: B;
  /** Success responses by status; `null` = no body (204, 3xx). Errors are always problem+json. */
  responses: Record<number, AnySchema | null>;
}

export interface RouteDef<
  B extends AnySchema = z.core.$ZodType<undefined>,
  Q extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
  P extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
> {
  /** Logical Lambda function name (one function per route). */
  name: string;
  method: HttpMethod;
  /** API Gateway path with `{param}` placeholders, leading slash. */
  path: string;
  access: Access;
  /** `src/functions/<fn>/handler.<export>`, relative to the service folder. */
  handler: string;
  /** One line for the OpenAPI document. */
  summary: string;
  /**
   * The route's schemas, built on the first call and kept (`route` memoises it). A function
   * bundles its service's whole table; built at module scope, every entry's schemas cost each
   * function's cold start 20–45 ms of init CPU (issue 14), now it builds its own route's only.
   */
  schemas: () => RouteSchemas<B, Q, P>;
  /** Content type of the success bodies. @default 'application/json' */
  contentType?: string;
  /** Per-caller limit applied in the handler (per user when signed in, else per IP). */
  rateLimit?: RateLimitRule;
  /** API Gateway method throttling; the stage default applies when absent. */
  throttle?: Throttle;
  /** The route's IAM role (least privilege: exactly what its handler calls). */
  iam: IamGrant[];
  /** Environment of the function: values `custom:NAME` / `param:NAME` are Serverless references. */
  environment?: Record<string, string> | string;
  timeout?: number;
  memorySize?: number;
  description?: string;
}

/** A table entry: keeps the schemas' types for the handler (`routeOptions(route)`), builds them once. */
export const route = <
  B extends AnySchema = z.core.$ZodType<undefined>,
  Q extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
  P extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
>(
  def: RouteDef<B, Q, P>,
): RouteDef<B, Q, P> => ({ ...def, schemas: z.deferred(def.schemas) });

/**
 * The two routes every service has, declared once: `GET /health` (liveness, no I/O) and
 * `GET /openapi.json` (the document generated from the service's table). Each service keeps its
 * own one-line handler files at these paths (a Lambda handler is per service).
 */
export const health = route({
  name: 'health',
  method: 'GET',
  path: '/health',
  access: 'public',
  handler: 'src/functions/health/handler.handler',
  summary: 'Liveness: 200 without I/O',
  schemas: () => ({ responses: { 200: z.object({ status: z.literal('ok') }) } }),
  iam: [],
});

export const openapi = route({
  name: 'openapi',
  method: 'GET',
  path: '/openapi.json',
  access: 'public',
  handler: 'src/functions/openapi/handler.handler',
  summary: 'This document (OpenAPI 3.1)',
  schemas: () => ({ responses: { 200: z.looseObject({ openapi: z.string() }) } }),
  iam: [],
});

/** A service's table: its name (as in the URL of its docs) and its routes. */
export interface RouteTable {
  service: 'auth-otp' | 'messenger-webhook' | 'user-api' | 'admin-api';
  title: string;
  description: string;
  /** Stage-wide API Gateway throttle (every method without its own). */
  throttle: Throttle;
  // biome-ignore lint/suspicious/noExplicitAny: a table holds routes of every schema type
  routes: RouteDef<any, any, any>[];
}

/** The options `httpHandler` takes from a route: auth, schemas (built here), rate limit. */
export function routeOptions<B extends AnySchema, Q extends AnySchema, P extends AnySchema>(
  r: RouteDef<B, Q, P>,
): { auth: 'none' | 'user' | 'admin'; body?: B; query?: Q; path?: P; rateLimit?: RateLimitRule } {
  const { body, query, params } = r.schemas();
  return {
    auth: r.access === 'user' || r.access === 'admin' ? r.access : 'none',
    ...(body ? { body } : {}),
    ...(query ? { query } : {}),
    ...(params ? { path: params } : {}),
    ...(r.rateLimit ? { rateLimit: r.rateLimit } : {}),
  };
}

// ── OpenAPI 3.1 ──────────────────────────────────────────────────────────────────────────────

/** RFC 9457 problem details as every service answers errors. */
export const problemSchema = z.deferred(() =>
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int(), z.minimum(400), z.maximum(599)),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    code: z.string(),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  }),
);

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 of a zod schema (what a client sends: `input`; what it gets: `output`). */
function jsonSchema(schema: AnySchema, io: 'input' | 'output'): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    // Refinements/transforms (a BCP 47 check, a coerced number) document as their base type.
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** `{param}` names of a path template. */
export const pathParamNames = (template: string) =>
  [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);

function parametersOf(path: string, s: RouteSchemas<AnySchema, AnySchema, AnySchema>): JsonSchema[] {
  const out: JsonSchema[] = [];
  const params = s.params ? (jsonSchema(s.params, 'input').properties as Record<string, JsonSchema>) : {};
  for (const name of pathParamNames(path))
    out.push({ name, in: 'path', required: true, schema: params?.[name] ?? { type: 'string' } });
  if (s.query) {
    const q = jsonSchema(s.query, 'input');
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties ?? {}) as Record<string, JsonSchema>))
      out.push({ name, in: 'query', required: required.has(name), schema });
  }
  return out;
}

const PROBLEM = 'application/problem+json';

/** The OpenAPI 3.1 document of a service, from its route table. */
export function openApiDocument(table: RouteTable, serverUrl = '/'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of table.routes) {
    const s = r.schemas() as RouteSchemas<AnySchema, AnySchema, AnySchema>;
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(s.responses as Record<string, AnySchema | null>))
      responses[status] = schema
        ? {
            description: `${status} answer`,
            content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(schema, 'output') } },
          }
        : { description: `${status} answer, no body` };
    responses.default = {
      description: 'An error, as RFC 9457 problem details',
      content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const operation: Record<string, unknown> = {
      operationId: r.name,
      summary: r.summary,
      'x-access': r.access,
      ...(r.rateLimit ? { 'x-rate-limit': r.rateLimit } : {}),
      parameters: parametersOf(r.path, s),
      responses,
      ...(r.access === 'user' || r.access === 'admin' ? { security: [{ bearer: [] }] } : {}),
    };
    if (s.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: jsonSchema(s.body, 'input') } },
      };
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: table.title, version: '1.0.0', description: table.description },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema(), 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** `GET /openapi.json`: the document, built once per container (public, cacheable). */
export function openApiHandler(table: RouteTable) {
  let body: string | undefined;
  return async (): Promise<APIGatewayProxyResult> => {
    body ??= JSON.stringify(openApiDocument(table));
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
      body,
    };
  };
}
