import { loadConfig } from '../config';
import * as z from '../schema/index';

/** The booking rules every channel applies (docs/booking.md "Rules"). */
export interface BookingPolicy {
  /** Slots start on this grid, in the consultant's local clock. @default 15 */
  slotStepMinutes: number;
  /** No slot starts sooner than this after now. @default 120 */
  minNoticeMinutes: number;
  /** No slot starts later than this many days after now. @default 30 */
  horizonDays: number;
  /** Customers cannot cancel or reschedule less than this before the start. @default 120 */
  cutoffMinutes: number;
}

// Deferred (built by the first `bookingPolicy()`): the booking model imports this module's
// constants, so every function bundling the booking barrel or a route table would build it.
const policyShape = z.deferred(() => ({
  BOOKING_SLOT_STEP_MINUTES: z._default(
    z.coerce.number().check(z.int(), z.minimum(5), z.maximum(240), z.multipleOf(5)),
    15,
  ),
  BOOKING_MIN_NOTICE_MINUTES: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 120),
  BOOKING_HORIZON_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 30),
  BOOKING_CUTOFF_MINUTES: z._default(z.coerce.number().check(z.int(), z.minimum(0)), 120),
}));

let cached: BookingPolicy | undefined;

/** The policy of this process, read from the environment once (defaults above). */
export function bookingPolicy(): BookingPolicy {
  if (!cached) {
    const c = loadConfig(policyShape());
    cached = {
      slotStepMinutes: c.BOOKING_SLOT_STEP_MINUTES,
      minNoticeMinutes: c.BOOKING_MIN_NOTICE_MINUTES,
      horizonDays: c.BOOKING_HORIZON_DAYS,
      cutoffMinutes: c.BOOKING_CUTOFF_MINUTES,
    };
  }
  return cached;
}

/**
 * The rules staff book under (admin-api): the customer policy without the minimum notice, as
 * `ignoreNotice` allows when they book or move (never in the past; the grid and horizon stay).
 */
export function staffBookingPolicy(): BookingPolicy {
  return { ...bookingPolicy(), minNoticeMinutes: 0 };
}

/**
 * Size of one time-block guard item. Fixed (not configurable): guards written under one size must
 * still collide with guards written later, and every real UTC offset and every allowed duration
 * and buffer is a multiple of 5 minutes.
 */
export const GUARD_BLOCK_MINUTES = 5;

/**
 * Longest duration + buffer of a service. A reschedule transaction holds the appointment, the old
 * blocks and the new blocks: 1 + 2 × 48 = 97 items, under DynamoDB's 100-item limit.
 */
export const MAX_OCCUPANCY_MINUTES = 240;
