import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { mapDynamoError } from '../db/index';
import type { RateLimitRule } from '../db/rate-limit';
import { createLogger, type Logger, lambdaLogging } from '../logging/index';
import { httpMetrics } from '../metrics/index';
import { type AuthContext, authContext, type Role } from '../middleware/auth-context';
import { jsonBody } from '../middleware/json-body';
import { problemDetails } from '../middleware/problem-details';
import { rateLimiter } from '../middleware/rate-limit';
import { type ValidatedEvent, validate } from '../middleware/validate';
import type * as z from '../schema/index';
import type { AnySchema } from '../schema/index';
import { tracing } from '../tracing/index';

/** What a route handler returns: a status, an optional JSON body, optional headers. */
export interface HttpResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const json = (statusCode: number, body: unknown, headers?: Record<string, string>): HttpResult => ({
  statusCode,
  body,
  ...(headers ? { headers } : {}),
});
export const ok = (body: unknown) => json(200, body);
export const created = (body: unknown, headers?: Record<string, string>) => json(201, body, headers);
export const accepted = (body: unknown) => json(202, body);
export const noContent = (): HttpResult => ({ statusCode: 204 });

export interface RouteInput<B, Q, P> {
  event: APIGatewayProxyEvent & ValidatedEvent;
  context: Context;
  body: B;
  query: Q;
  params: P;
  /** Set on routes with `auth` other than `'none'`. */
  auth: AuthContext;
  /** The caller's source IP as API Gateway saw it. */
  ip: string;
  /** Lower-cased request headers. */
  headers: Record<string, string | undefined>;
}

export interface RouteOptions<BS extends AnySchema, QS extends AnySchema, PS extends AnySchema> {
  /** The route module's logger (a child of the function's root logger). @default createLogger('http') */
  logger?: Logger;
  /** Who may call: `'none'` (public), `'user'` (any signed-in role) or `'admin'`. @default 'user' */
  auth?: 'none' | Role;
  body?: BS;
  query?: QS;
  path?: PS;
  /** Largest accepted JSON body. @default 65536 */
  maxBodyBytes?: number;
  /** Per-caller limit (per user when authenticated, else per IP). */
  rateLimit?: RateLimitRule;
  /** Extra middlewares run after body parsing and before validation (e.g. a signature check). */
  before?: MiddlewareObj<APIGatewayProxyEvent>[];
}

const correlationHeader = 'x-correlation-id';
let httpLogger: Logger | undefined;
/** A caller's correlation id is kept only when short and plain; anything else gets the request id. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-correlation-id` when well-formed (it lands in every log line), else the request id. */
export function correlationIdOf(event: APIGatewayProxyEvent): string | undefined {
  // Case-insensitive: the logging middleware reads it before the header normalizer runs.
  const headers = event.headers ?? {};
  const given =
    headers[correlationHeader] ??
    Object.entries(headers).find(([k]) => k.toLowerCase() === correlationHeader)?.[1] ??
    undefined;
  return given && CORRELATION_ID.test(given) ? given : event.requestContext?.requestId;
}

/** The event as it travels through the stack, with what each middleware adds. */
export type HttpEvent = APIGatewayProxyEvent & ValidatedEvent & { auth?: AuthContext };

/**
 * The one HTTP stack every REST handler uses: header normalization, correlation id in logs,
 * JSON body (size/type checked), zod validation of body/query/path, auth context, per-caller rate
 * limit, and problem+json errors. Returns the Middy-wrapped handler; `.raw` is the bare handler.
 */
export function httpHandler<
  BS extends AnySchema = z.core.$ZodType<undefined>,
  QS extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
  PS extends AnySchema = z.core.$ZodType<Record<string, string | undefined>>,
>(
  options: RouteOptions<BS, QS, PS>,
  handler: (input: RouteInput<z.infer<BS>, z.infer<QS>, z.infer<PS>>) => Promise<HttpResult>,
) {
  httpLogger ??= createLogger('http');
  const logger = options.logger ?? httpLogger;
  const auth = options.auth ?? 'user';

  const raw = async (event: HttpEvent, context: Context): Promise<APIGatewayProxyResult> => {
    let result: HttpResult;
    try {
      result = await handler({
        event,
        context,
        body: event.validated?.body as z.infer<BS>,
        query: (event.validated?.query ?? event.queryStringParameters ?? {}) as z.infer<QS>,
        params: (event.validated?.path ?? event.pathParameters ?? {}) as z.infer<PS>,
        auth: event.auth as AuthContext,
        ip: event.requestContext?.identity?.sourceIp ?? 'unknown',
        headers: event.headers as Record<string, string | undefined>,
      });
    } catch (err) {
      throw mapDynamoError(err);
    }
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    let body = '';
    if (result.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
    }
    return { statusCode: result.statusCode, headers, body };
  };

  // The correlation id goes on the root logger and every module's child (lambdaLogging below), so
  // the OTP core's and the booking module's lines of this request carry it too.
  const echoCorrelationId: NonNullable<
    MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>['after']
  > = async (request) => {
    const id = correlationIdOf(request.event);
    if (request.response && id)
      request.response.headers = { ...request.response.headers, [correlationHeader]: id };
  };
  // onError too: Middy unwinds onError in reverse, so the problem document is already the response
  // here, and a refused request is the one a caller most needs the id of.
  const correlation: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> = {
    after: echoCorrelationId,
    onError: echoCorrelationId,
  };

  type Mw = MiddlewareObj<HttpEvent, APIGatewayProxyResult>;
  const stack = middy<HttpEvent, APIGatewayProxyResult>()
    // First on, last off: the Lambda context and the request's keys are on every line, including
    // the error handler's, and are reset only after everything else has logged.
    .use(
      lambdaLogging<HttpEvent>({
        keys: (event) => ({
          correlationId: correlationIdOf(event),
          path: event.resource,
          method: event.httpMethod,
        }),
      }) as unknown as Mw,
    )
    .use(tracing() as unknown as Mw)
    .use(httpHeaderNormalizer() as unknown as Mw)
    .use(correlation as Mw)
    // Outside the error handler, so it counts the final status (4xx/5xx per route, EMF).
    .use(httpMetrics() as Mw)
    .use(problemDetails({ logger }) as Mw)
    // Runs before problemDetails on error (Middy unwinds onError in reverse): a DynamoDB fault in a
    // `before` middleware (the rate limiter) is a retryable 503 too, not a bare 500.
    .use({
      onError: async (request) => {
        request.error = mapDynamoError(request.error) as Error;
      },
    } as Mw)
    .use(jsonBody({ maxBytes: options.maxBodyBytes ?? 65536 }) as Mw);
  for (const m of options.before ?? []) stack.use(m as Mw);
  stack.use(validate({ body: options.body, query: options.query, path: options.path }) as Mw);
  if (auth !== 'none') stack.use(authContext({ role: auth }) as Mw);
  if (options.rateLimit)
    stack.use(rateLimiter({ rule: options.rateLimit, by: auth === 'none' ? 'ip' : 'user' }) as Mw);
  const wrapped = stack.handler(raw);

  return Object.assign(
    wrapped as unknown as (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>,
    {
      raw,
    },
  );
}
