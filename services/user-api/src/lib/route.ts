import { z } from '@bookingbot/common/config';
import type { RateLimitRule } from '@bookingbot/common/db';
import { createLogger } from '@bookingbot/common/logging';

/** One logger for the service; the HTTP stack adds the correlation id per request. */
export const logger = createLogger('user-api');

/** Reads per user: generous, stops scraping loops. */
export const readLimit: RateLimitRule = { name: 'user-api-read', limit: 120, windowSeconds: 60 };
/** Writes per user (book, cancel, reschedule, profile): a person never needs more. */
export const writeLimit: RateLimitRule = { name: 'user-api-write', limit: 20, windowSeconds: 60 };

export const idParam = z.object({ id: z.string().min(1).max(64) });

/** A UTC/offset ISO 8601 instant such as `2026-12-01T09:00:00Z`. */
export const instant = z.iso.datetime({ offset: true });
