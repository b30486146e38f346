import type { ProblemDetails } from './api-types';

/** An API refusal (RFC 9457 problem+json) or a transport failure, as the screens show it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

function isProblem(value: unknown): value is ProblemDetails {
  return typeof value === 'object' && value !== null && 'title' in value && 'status' in value;
}

/** openapi-fetch's `{data, error, response}` → the data, or an ApiError carrying the problem. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new ApiError(result.response.status, isProblem(result.error) ? result.error : undefined);
}

/**
 * The text to show for an error: the API's own `detail` (it names the rule, e.g. the cut-off), the
 * field messages of a 400, else a generic line in the current language.
 */
export function errorText(
  err: unknown,
  fallback: { network: string; unexpected: (status: number) => string },
) {
  if (err instanceof ApiError) {
    const fields = err.problem?.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
    return err.problem?.detail ?? fields ?? err.problem?.title ?? fallback.unexpected(err.status);
  }
  return fallback.network;
}
