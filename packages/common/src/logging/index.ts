import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

/**
 * Structured JSON logs through Powertools Logger: ONE root logger per function (process), and one
 * child per module (`createLogger('otp')` → `"module": "otp"`), the only place a `Logger` is
 * constructed (a test greps for `new Logger(` elsewhere).
 *
 * Why a registry of children: a Powertools child copies its parent's keys when it is created, at
 * module load, before any request exists. So the per-request keys (Lambda context with
 * `cold_start` and `function_request_id`, the correlation id) are applied to the root and to every
 * child, by Powertools' own `injectLambdaContext`, which accepts a list of loggers and reads it at
 * each invocation (a child created later is in the list too).
 *
 * Level: `LOG_LEVEL` (per stage); service: `POWERTOOLS_SERVICE_NAME` (serverless.base.yml sets it
 * to the service's name).
 */
const loggers: Logger[] = [];
let root: Logger | undefined;

/** The function's root logger (created on first use). @default service `POWERTOOLS_SERVICE_NAME` or `bookingbot` */
export function rootLogger(): Logger {
  if (!root) {
    root = new Logger({
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bookingbot',
      logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | undefined) ?? 'INFO',
    });
    loggers.unshift(root);
  }
  return root;
}

/** A module's logger: a child of the root with a persistent `module` key; gets every per-request key. */
export function createLogger(module: string): Logger {
  const child = rootLogger().createChild({ persistentKeys: { module } });
  loggers.push(child);
  return child;
}

/** Adds keys to every log line of the current invocation, in every module (removed when it ends). */
export function appendRequestKeys(keys: Record<string, unknown>): void {
  rootLogger();
  for (const l of loggers) l.appendKeys(keys);
}

export interface LambdaLoggingOptions<E> {
  /** Keys for every line of this invocation, from the event (e.g. `{ correlationId }`). */
  keys?: (event: E) => Record<string, unknown>;
}

/**
 * Middy middleware: Powertools' `injectLambdaContext` over the root and every module logger
 * (`cold_start`, `function_name`, `function_request_id`… on every line; temporary keys reset after
 * each invocation), plus the invocation's own keys. The HTTP stack uses it first; other handlers
 * (stream, schedule, async invoke) use it the same way, or `startInvocation` without Middy.
 */
export function lambdaLogging<E = unknown>(
  opts: LambdaLoggingOptions<E> = {},
): MiddlewareObj<E, unknown, Error, Context> {
  rootLogger();
  const inner = injectLambdaContext(loggers, { resetKeys: true }) as MiddlewareObj<
    E,
    unknown,
    Error,
    Context
  >;
  const lambdaLoggingMiddlewareBefore: MiddlewareObj<E, unknown, Error, Context>['before'] = async (
    request,
  ) => {
    await inner.before?.(request);
    if (opts.keys) appendRequestKeys(opts.keys(request.event));
  };
  return { before: lambdaLoggingMiddlewareBefore, after: inner.after, onError: inner.onError };
}

/**
 * Without Middy: resets the previous invocation's keys, adds the Lambda context and `keys` to
 * every logger. Call first thing in a plain handler.
 */
export function startInvocation(context: Context | undefined, keys: Record<string, unknown> = {}): void {
  rootLogger();
  for (const l of loggers) {
    l.resetKeys();
    if (context?.awsRequestId) l.addContext(context);
    l.appendKeys(keys);
  }
}

/** `alice@example.com` → `a***@example.com`: enough to debug, never the full address in logs. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** A stable, non-reversible short id for logs and analytics (user ids, PSIDs). */
export function hashId(value: string, salt = ''): string {
  return createHash('sha256').update(`${salt}${value}`).digest('hex').slice(0, 16);
}

export type { Logger };
