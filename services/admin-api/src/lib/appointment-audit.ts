import { type Appointment, requireAppointment } from '@bookingbot/common/booking';
import type { AuthContext } from '@bookingbot/common/middleware';
import { audit } from './audited';

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

/**
 * A staff change to an existing appointment, audited: reads it (404 when missing), applies
 * `change`, records `action` with the state before and after, and returns the appointment after.
 */
export async function auditedAppointmentChange(
  auth: AuthContext,
  action: string,
  appointmentId: string,
  change: () => Promise<Appointment>,
  reason?: string,
): Promise<Appointment> {
  const before = await requireAppointment(appointmentId);
  const after = await change();
  await audit(
    auth,
    action,
    { type: 'appointment', id: appointmentId },
    appointmentState(before),
    appointmentState(after),
    reason,
  );
  return after;
}
