import { AppError } from '../errors';

/* Booking codes and their statuses live in the one table, `ERROR_CODES` (../errors). `reason` in the
 * problem document says which rule refused a slot, so a client can explain it. */

/** Why a requested slot is not offered (the `reason` member of a `booking.slotNotOffered` problem). */
export type SlotRefusal =
  | 'past'
  | 'tooSoon'
  | 'beyondHorizon'
  | 'offGrid'
  | 'outsideWorkingHours'
  | 'timeOff'
  | 'serviceInactive'
  | 'consultantInactive'
  | 'serviceNotOffered';

const refusalText: Record<SlotRefusal, string> = {
  past: 'the start time is in the past',
  tooSoon: 'the start time is closer than the minimum notice',
  beyondHorizon: 'the start time is beyond the booking horizon',
  offGrid: 'the start time is not on the booking grid',
  outsideWorkingHours: "the slot is outside the consultant's working hours",
  timeOff: 'the consultant is off at that time',
  serviceInactive: 'the service is not bookable',
  consultantInactive: 'the consultant is not bookable',
  serviceNotOffered: 'the consultant does not offer this service',
};

export class SlotNotOfferedError extends AppError {
  constructor(
    readonly reason: SlotRefusal,
    field = 'body.start',
  ) {
    super('booking.slotNotOffered', 'Slot not offered', {
      detail: refusalText[reason],
      errors: [{ field, message: refusalText[reason] }],
      extensions: { reason },
    });
    this.name = 'SlotNotOfferedError';
  }
}

export class SlotTakenError extends AppError {
  constructor() {
    super('booking.slotTaken', 'Slot taken', {
      detail: 'the slot overlaps another appointment of this consultant',
      extensions: { reason: 'taken' },
    });
    this.name = 'SlotTakenError';
  }
}

export class CutoffPassedError extends AppError {
  constructor(action: 'cancel' | 'reschedule', cutoffMinutes: number) {
    super('booking.cutoffPassed', 'Too late to change', {
      detail: `appointments can no longer be ${action === 'cancel' ? 'cancelled' : 'rescheduled'} less than ${cutoffMinutes} minutes before they start`,
      extensions: { reason: 'cutoff', cutoffMinutes },
    });
    this.name = 'CutoffPassedError';
  }
}

export class NotModifiableError extends AppError {
  /** `appointmentStatus` is the appointment's state (`cancelled`…); `status` stays the HTTP status. */
  constructor(appointmentStatus: string, detail?: string) {
    super('booking.notModifiable', 'Appointment cannot be changed', {
      detail: detail ?? `the appointment is ${appointmentStatus}`,
      extensions: { reason: 'status', appointmentStatus },
    });
    this.name = 'NotModifiableError';
  }
}

/** An optimistic-lock conflict: someone changed the item between our read and our write. */
export class ConcurrentChangeError extends AppError {
  constructor(what: string) {
    super('booking.concurrentChange', 'Concurrent change', {
      detail: `the ${what} was changed by another request; read it again and retry`,
    });
    this.name = 'ConcurrentChangeError';
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super('booking.idempotencyKeyReused', 'Idempotency key reused', {
      detail: 'this Idempotency-Key was already used with a different request body',
      errors: [{ field: 'header.idempotency-key', message: 'was used with a different request' }],
    });
    this.name = 'IdempotencyKeyReusedError';
  }
}
