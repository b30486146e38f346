import {
  type Appointment,
  cancelAppointment,
  findOrphanedAppointments,
  type ScheduleChange,
} from '@bookingbot/common/booking';
import { AppError } from '@bookingbot/common/errors';
import type { AuthContext } from '@bookingbot/common/middleware';
import { adminActor } from './appointment-audit';
import { audit } from './audited';

/*
 * What a schedule change does to booked appointments it would orphan (outside the new hours, in
 * new time off, of a service no longer offered, consultant deactivated) — the request's
 * `onConflict` (schema: `orphanPolicy` in ../routes.ts):
 * - `refuse` (default): nothing changes; 409 listing them, so staff reschedule first;
 * - `cancel`: they are cancelled first (the customer is told by email and Messenger), then the
 *   change is saved. Never silently left in place.
 */

const brief = (a: Appointment) => ({
  appointmentId: a.appointmentId,
  userId: a.userId,
  serviceId: a.serviceId,
  start: a.start,
  end: a.end,
});

/**
 * Checks `change` against the consultant's booked appointments and applies the policy.
 * @returns the appointments cancelled (empty when none were affected)
 */
export async function resolveOrphans(
  consultantId: string,
  change: ScheduleChange,
  policy: { onConflict: 'refuse' | 'cancel'; cancelReason?: string | undefined },
  auth: AuthContext,
): Promise<ReturnType<typeof brief>[]> {
  const orphans = await findOrphanedAppointments(consultantId, change);
  if (!orphans.length) return [];
  if (policy.onConflict === 'refuse') {
    throw new AppError('admin.wouldOrphanAppointments', 'Conflict', {
      detail: `${orphans.length} booked appointment(s) would no longer fit; reschedule them or resend with onConflict "cancel"`,
      extensions: { appointments: orphans.map(brief) },
    });
  }
  const reason = policy.cancelReason ?? 'The consultant is no longer available at that time';
  for (const a of orphans) {
    const after = await cancelAppointment(a.appointmentId, {
      actor: adminActor(auth.userId),
      channel: 'admin',
      enforceCutoff: false,
      reason,
    });
    await audit(
      auth,
      'appointment.cancel',
      { type: 'appointment', id: a.appointmentId },
      { status: a.status },
      { status: after.status },
      reason,
    );
  }
  return orphans.map(brief);
}
