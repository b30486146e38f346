import { createHash } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs through Powertools Logger. Level comes from `LOG_LEVEL` (per stage);
 * the correlation id is set per request by the HTTP stack and carried through async invokes.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | undefined) ?? 'INFO',
  });
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
