import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

/**
 * Custom metrics through CloudWatch Embedded Metric Format (Powertools Metrics): a JSON log line
 * that CloudWatch turns into a metric, with no API call and no extra latency. Every metric gets the
 * `service` dimension (`POWERTOOLS_SERVICE_NAME`, the Serverless service name); the alarms in
 * infra/serverless-ops.cjs select on exactly that dimension set, so do not add dimensions to a
 * metric an alarm watches without changing the alarm.
 */

/** CloudWatch namespace of every custom metric. The alarms (infra/) use the same string. */
export const METRICS_NAMESPACE = 'bookingbot';

/**
 * THE list of custom metric names every service emits. Alarms and dashboards refer to these
 * strings; a test checks that every alarm on a custom metric names one of them.
 */
export const METRIC = {
  /** messenger-webhook: a signed event accepted by the webhook (one per messaging entry). */
  webhookReceived: 'WebhookEventsReceived',
  /** messenger-webhook: an event fully handled by the worker. */
  webhookProcessed: 'WebhookEventsProcessed',
  /** messenger-webhook: a redelivered event (same `mid`) dropped by de-duplication. */
  webhookDuplicate: 'WebhookEventsDuplicate',
  /** messenger-webhook: an event the worker gave up on (parked for replay). */
  webhookFailed: 'WebhookEventsFailed',
  /** messenger-webhook: a Send API error; dimension `code` (Graph error code, e.g. 190 token expired). */
  sendApiError: 'SendApiErrors',
  /** messenger-webhook: the Page access token was rejected (Graph code 190); alarmed (dimension service=messenger). */
  pageTokenInvalid: 'PageTokenInvalid',
  /** messenger-webhook: Meta sent a `policy-enforcement` event (the Page's bot restricted or blocked); alarmed (dimension service=messenger). */
  policyEnforcement: 'MessengerPolicyEnforcement',
  /** auth-otp: a code was emailed. */
  otpRequested: 'OtpRequested',
  /** auth-otp: a code was accepted (a session started). */
  otpVerified: 'OtpVerified',
  /** auth-otp: a wrong, expired or used code. */
  otpFailed: 'OtpFailed',
  /** auth-otp: an email was locked out after too many failures (alarm: lockout spike). */
  otpLocked: 'OtpLocked',
  /** booking domain: an appointment was booked (any channel). */
  bookingCreated: 'BookingsCreated',
  /** booking domain: an appointment was moved. */
  bookingRescheduled: 'BookingsRescheduled',
  /** booking domain: an appointment was cancelled. */
  bookingCancelled: 'BookingsCancelled',
  /** HTTP stack: a 4xx response; dimension `route` (`GET /appointments/{id}`). */
  http4xx: 'Http4xx',
  /** HTTP stack: a 5xx response; dimension `route`. */
  http5xx: 'Http5xx',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

let shared: Metrics | undefined;

/** The process-wide Metrics instance (namespace `bookingbot`, `service` = POWERTOOLS_SERVICE_NAME). */
export function metrics(): Metrics {
  shared ??= new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bookingbot',
  });
  return shared;
}

/**
 * Counts one occurrence of `name` (or `value` of them), with optional extra dimensions, and writes
 * it at once as its own EMF line: nothing is lost when an invocation crashes or times out, and no
 * caller has to remember to flush. Never throws (metrics must not break a request).
 * @default value 1
 */
export function countMetric(name: MetricName, dimensions: Record<string, string> = {}, value = 1): void {
  try {
    const single = metrics().singleMetric();
    for (const [key, dimensionValue] of Object.entries(dimensions)) single.addDimension(key, dimensionValue);
    single.addMetric(name, MetricUnit.Count, value);
  } catch {
    // A metric that cannot be written is not worth a failed request.
  }
}

/** Counts a Send API error by its Graph error code (`190` = token expired/invalid raises an alarm). */
export function recordSendApiError(code: number | string): void {
  countMetric(METRIC.sendApiError, { code: String(code) });
}

/** Counts a 4xx or 5xx response for `route` (`METHOD /resource/{param}`); 1xx-3xx are not counted. */
export function recordHttpStatus(route: string, statusCode: number): void {
  if (statusCode >= 500) countMetric(METRIC.http5xx, { route });
  else if (statusCode >= 400) countMetric(METRIC.http4xx, { route });
}

/**
 * Middy middleware that counts 4xx/5xx per route (API Gateway's resource template, so ids do not
 * explode the dimension). Use it outside the problem+json error handler so it sees the final status.
 */
export function httpMetrics(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const routeOf = (event: APIGatewayProxyEvent) => `${event.httpMethod} ${event.resource}`;
  return {
    after: async (request) => {
      if (request.response) recordHttpStatus(routeOf(request.event), request.response.statusCode);
    },
    onError: async (request) => {
      recordHttpStatus(routeOf(request.event), request.response?.statusCode ?? 500);
    },
  };
}
