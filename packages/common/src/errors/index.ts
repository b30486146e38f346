/**
 * One error hierarchy for the whole system. Every domain error carries a string `code`
 * (`otp.invalid`, `booking.slotTaken`); the HTTP layer maps codes to statuses in one table
 * (`statusForCode`) so a domain module never speaks HTTP.
 */

/** Every code the system can raise, with the HTTP status it maps to. Add a line per new code. */
export const ERROR_STATUS = {
  'request.invalid': 400,
  'request.bodyTooLarge': 413,
  'request.unsupportedMediaType': 415,
  'request.malformedJson': 400,
  'auth.unauthorized': 401,
  'auth.forbidden': 403,
  'auth.userBlocked': 403,
  'resource.notFound': 404,
  'resource.conflict': 409,
  'rateLimit.exceeded': 429,
  'dependency.unavailable': 503,
  'internal.error': 500,
} as const satisfies Record<string, number>;

export type CoreErrorCode = keyof typeof ERROR_STATUS;

/** Extra codes registered by domain modules (`registerErrorCodes`). */
const extraStatus = new Map<string, number>();

/** Registers domain codes and their HTTP status; called once at module load by each domain. */
export function registerErrorCodes(codes: Record<string, number>): void {
  for (const [code, status] of Object.entries(codes)) extraStatus.set(code, status);
}

/** The HTTP status for a code; unknown codes are internal errors (500). */
export function statusForCode(code: string): number {
  return (ERROR_STATUS as Record<string, number>)[code] ?? extraStatus.get(code) ?? 500;
}

/** One field-level problem, as listed in a problem+json `errors` array. */
export interface FieldIssue {
  /** Dotted path of the offending field (`body.email`, `query.date`). */
  field: string;
  message: string;
}

export interface AppErrorOptions {
  /** Human-readable explanation safe to show to the client. */
  detail?: string;
  /** Field-level problems (validation). */
  errors?: FieldIssue[];
  /** Seconds the client should wait before retrying (sets `Retry-After`). */
  retryAfter?: number;
  /** Extra members for the problem document (must be safe to expose). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** Base error of the system: a code, a client-safe message, and optional problem+json members. */
export class AppError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[] | undefined;
  readonly retryAfter: number | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
    this.extensions = options.extensions;
  }

  get status(): number {
    return statusForCode(this.code);
  }

  /** Errors below 500 are the client's business; 5xx details are hidden (Middy's `expose`). */
  get expose(): boolean {
    return this.status < 500;
  }
}

/** Invalid input; names the offending fields. */
export class ValidationError extends AppError {
  constructor(errors: FieldIssue[], detail?: string) {
    super('request.invalid', 'Invalid request', {
      errors,
      detail: detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('resource.notFound', 'Not found', { detail: `${what} not found` });
    this.name = 'NotFoundError';
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Missing or invalid credentials') {
    super('auth.unauthorized', 'Unauthorized', { detail });
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Not allowed') {
    super('auth.forbidden', 'Forbidden', { detail });
    this.name = 'ForbiddenError';
  }
}

export class RateLimitError extends AppError {
  constructor(retryAfter: number, detail = 'Too many requests') {
    super('rateLimit.exceeded', 'Too Many Requests', { detail, retryAfter });
    this.name = 'RateLimitError';
  }
}

/** A dependency (DynamoDB, SES, Graph API) failed in a way the client may retry. */
export class DependencyError extends AppError {
  constructor(dependency: string, cause?: unknown, retryAfter = 5) {
    super('dependency.unavailable', 'Service Unavailable', {
      detail: `${dependency} is temporarily unavailable`,
      retryAfter,
      cause,
    });
    this.name = 'DependencyError';
  }
}

/** Raised at cold start when configuration is missing or malformed; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}
