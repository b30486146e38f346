import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { AppError, titleForCode } from '../errors/index';
import type { Logger } from '../logging/index';

export interface ProblemDetailsOptions {
  logger?: Logger;
  /** Base URI for `type` members. @default 'https://bookingbot.dev/problems/' */
  typeBase?: string;
}

const defaults: Required<Omit<ProblemDetailsOptions, 'logger'>> = {
  typeBase: 'https://bookingbot.dev/problems/',
};

/** An RFC 9457 problem document for an error: exposed errors keep their detail, others become a bare 500. */
export function problemResponse(err: unknown, instance: string | undefined, typeBase = defaults.typeBase) {
  const appErr = err instanceof AppError && err.expose ? err : undefined;
  const status = err instanceof AppError ? err.status : 500;
  const retryAfter = err instanceof AppError ? err.retryAfter : undefined;
  const code = appErr?.code ?? (err instanceof AppError ? err.code : 'internal.error');
  // Extension members first, the standard members (and our `code`/`errors`) last: an extension can
  // never overwrite `status`, `type` or `title` (a `status` member once read "cancelled" on a 409).
  const body: Record<string, unknown> = {
    ...(appErr?.extensions ?? {}),
    type: `${typeBase}${code}`,
    title: appErr ? titleForCode(code) : status === 503 ? 'Service Unavailable' : 'Internal Server Error',
    status,
    code,
    detail:
      appErr?.detail ??
      (status === 503 && err instanceof AppError ? err.detail : 'An unexpected error occurred'),
    ...(appErr?.errors ? { errors: appErr.errors } : {}),
    ...(instance ? { instance } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return { statusCode: status, headers, body: JSON.stringify(body) };
}

/**
 * Error handler emitting `application/problem+json`. Like Middy's http-error-handler it hides
 * anything not `expose`d (5xx) behind a generic body, but speaks RFC 9457 and sets Retry-After,
 * which Middy's plain-text handler does not.
 */
export function problemDetails(
  opts: ProblemDetailsOptions = {},
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const options = { ...defaults, ...opts };
  const problemDetailsMiddlewareOnError: MiddlewareObj<
    APIGatewayProxyEvent,
    APIGatewayProxyResult
  >['onError'] = async (request) => {
    const err = request.error;
    const status = err instanceof AppError ? err.status : 500;
    if (status >= 500) {
      options.logger?.error('request failed', { error: err as Error });
    } else {
      options.logger?.info('request rejected', { code: (err as AppError).code, status });
    }
    request.response = problemResponse(err, request.event?.requestContext?.requestId, options.typeBase);
  };
  return { onError: problemDetailsMiddlewareOnError };
}
