import type { MiddlewareObj } from '@middy/core';
import { consumeRateLimit, type RateLimitRule } from '../db/rate-limit';
import type { AuthedEvent } from './auth-context';

export interface RateLimitOptions {
  rule: RateLimitRule;
  /** Who is limited: the authenticated user (falls back to IP) or the source IP. @default 'user' */
  by?: 'user' | 'ip';
}

/** Per-user or per-IP fixed-window limit backed by DynamoDB; 429 + Retry-After when exhausted. */
export function rateLimiter(opts: RateLimitOptions): MiddlewareObj<AuthedEvent> {
  const options = { by: 'user' as const, ...opts };
  const rateLimiterMiddlewareBefore: MiddlewareObj<AuthedEvent>['before'] = async (request) => {
    const { event } = request;
    const ip = event.requestContext?.identity?.sourceIp ?? 'unknown';
    const subject = options.by === 'user' && event.auth ? `u#${event.auth.userId}` : `ip#${ip}`;
    await consumeRateLimit(options.rule, subject);
  };
  return { before: rateLimiterMiddlewareBefore };
}
