import type { Appointment } from '@bookingbot/common/booking';

/** The staff member acting on an appointment, as the booking module records it. */
export const adminActor = (userId: string) => ({ kind: 'admin' as const, userId });

/** What the audit log keeps of an appointment before and after a staff change. */
export const appointmentState = (a: Appointment) => ({
  status: a.status,
  start: a.start,
  end: a.end,
  consultantId: a.consultantId,
  serviceId: a.serviceId,
  ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
});
