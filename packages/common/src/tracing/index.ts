import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

/**
 * X-Ray through Powertools Tracer: one tracer per function, every AWS SDK client common creates
 * wrapped with `traceClient` (a subsegment per call: DynamoDB, SES, SSM, S3, Lambda, Athena), the
 * Graph API calls wrapped with `traced('graph…')`, and the handler with `tracing()` (the HTTP stack
 * does it). What a trace shows: docs/operations.md "Read a trace".
 *
 * Off outside Lambda: no `AWS_EXECUTION_ENV` (tests, scripts), `IS_OFFLINE` (serverless-offline
 * sets it) or `POWERTOOLS_TRACE_ENABLED=false`. Disabled, every helper passes through: clients are
 * returned unwrapped and `traced` just calls its function.
 */
let instance: Tracer | undefined;

/** Whether this process traces: in Lambda, not offline, not switched off. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.AWS_EXECUTION_ENV) &&
    env.IS_OFFLINE !== 'true' &&
    env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false'
  );
}

/** The function's tracer (service name from `POWERTOOLS_SERVICE_NAME`); created on first use. */
export function tracer(): Tracer {
  // captureResponse off: responses carry personal data (emails, names) that must not land in X-Ray.
  instance ??= new Tracer({ enabled: tracingEnabled(), captureHTTPsRequests: false });
  return instance;
}

/** Wraps an AWS SDK v3 client so each call is a subsegment (`DynamoDB`, `SESv2`…); identity when tracing is off. */
export function traceClient<T>(client: T): T {
  const t = tracer();
  return t.isTracingEnabled() ? t.captureAWSv3Client(client) : client;
}

/**
 * Runs `fn` inside a subsegment `name` (`## graph.send`…): for calls the SDK does not see, such as
 * the Graph API over fetch. Errors are recorded on the subsegment and rethrown.
 */
export async function traced<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t = tracer();
  const parent = t.isTracingEnabled() ? t.getSegment() : undefined;
  if (!parent) return fn();
  const sub = parent.addNewSubsegment(`## ${name}`);
  t.setSegment(sub);
  try {
    return await fn();
  } catch (err) {
    sub.addError(err as Error);
    throw err;
  } finally {
    sub.close();
    t.setSegment(parent);
  }
}

/** Middy middleware: Powertools' `captureLambdaHandler` (handler subsegment, cold-start annotation), responses not captured. */
export function tracing(): MiddlewareObj {
  return captureLambdaHandler(tracer(), { captureResponse: false }) as MiddlewareObj;
}
