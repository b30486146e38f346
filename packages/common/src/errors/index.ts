/**
 * One error hierarchy for the whole system. Every domain error carries a string `code`
 * (`otp.invalid`, `booking.slotTaken`) from one table, `ERROR_CODES`, which gives each code its
 * HTTP status and problem title; the HTTP layer reads it once, so a domain module never speaks
 * HTTP. The table is a plain constant: importing a module registers nothing (no side effects), and
 * a code that is not in the table does not compile.
 */

/** Every code the system can raise, with its HTTP status and its problem+json `title`. Add a line per new code. */
export const ERROR_CODES = {
  'request.invalid': { status: 400, title: 'Invalid request' },
  'request.bodyTooLarge': { status: 413, title: 'Payload too large' },
  'request.unsupportedMediaType': { status: 415, title: 'Unsupported media type' },
  'request.malformedJson': { status: 400, title: 'Malformed JSON' },
  'auth.unauthorized': { status: 401, title: 'Unauthorized' },
  'auth.forbidden': { status: 403, title: 'Forbidden' },
  'auth.userBlocked': { status: 403, title: 'Account blocked' },
  'auth.invalidRefreshToken': { status: 401, title: 'Invalid refresh token' },
  'auth.sessionRevoked': { status: 401, title: 'Session revoked' },
  'otp.invalid': { status: 401, title: 'Invalid or expired code' },
  'otp.locked': { status: 429, title: 'Too many wrong codes' },
  'otp.throttled': { status: 429, title: 'Too many code requests' },
  'resource.notFound': { status: 404, title: 'Not found' },
  'resource.conflict': { status: 409, title: 'Conflict' },
  'rateLimit.exceeded': { status: 429, title: 'Too Many Requests' },
  'booking.slotNotOffered': { status: 400, title: 'Slot not offered' },
  'booking.slotTaken': { status: 409, title: 'Slot taken' },
  'booking.cutoffPassed': { status: 409, title: 'Too late to change' },
  'booking.notModifiable': { status: 409, title: 'Appointment cannot be changed' },
  'booking.concurrentChange': { status: 409, title: 'Concurrent change' },
  'booking.idempotencyKeyReused': { status: 422, title: 'Idempotency key reused' },
  'booking.invalidSchedule': { status: 400, title: 'Invalid schedule' },
  'messenger.signatureMissing': { status: 401, title: 'Signature missing' },
  'messenger.signatureInvalid': { status: 403, title: 'Signature invalid' },
  'messenger.sendFailed': { status: 502, title: 'Send API failed' },
  'messenger.notLinked': { status: 409, title: 'No Messenger conversation' },
  'messenger.windowClosed': { status: 409, title: 'Messaging window closed' },
  'admin.wouldOrphanAppointments': { status: 409, title: 'Would orphan appointments' },
  'admin.selfLockout': { status: 409, title: 'Would lock yourself out' },
  'dependency.unavailable': { status: 503, title: 'Service Unavailable' },
  'internal.error': { status: 500, title: 'Internal Server Error' },
} as const satisfies Record<string, { status: number; title: string }>;

/** A code of the table: `'booking.slotTaken' | 'otp.invalid' | …`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** @deprecated Kept for older imports; the table is `ERROR_CODES`. */
export type CoreErrorCode = ErrorCode;

/** The HTTP status for a code; anything not in the table is an internal error (500). */
export function statusForCode(code: string): number {
  return (ERROR_CODES as Record<string, { status: number }>)[code]?.status ?? 500;
}

/** The problem `title` of a code (the table's, so every instance of a code reads the same). */
export function titleForCode(code: string): string {
  return (
    (ERROR_CODES as Record<string, { title: string }>)[code]?.title ?? ERROR_CODES['internal.error'].title
  );
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
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[] | undefined;
  readonly retryAfter: number | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
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
