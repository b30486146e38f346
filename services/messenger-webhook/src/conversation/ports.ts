import { recordEvent } from '@bookingbot/common/analytics';
import {
  type Appointment,
  bookAppointment,
  CutoffPassedError,
  cancelAppointment,
  getAppointment,
  getAvailability,
  getConsultant,
  getService,
  listServices,
  listUserAppointments,
  NotModifiableError,
  rescheduleAppointment,
  SlotNotOfferedError,
  SlotTakenError,
} from '@bookingbot/common/booking';
import { AppError } from '@bookingbot/common/errors';
import { hashId } from '@bookingbot/common/logging';
import { requestOtp, verifyOtp } from '@bookingbot/common/otp';
import { linkPsid } from '@bookingbot/common/users';
import { DateTime } from 'luxon';
import { config, DAYS_AHEAD } from './config';
import { understand } from './nlu';
import type { ApptView, ChangeRefusal, OtpRefusal, Ports, Slot } from './types';

/**
 * The machine's ports bound to the real system: the booking domain, the OTP core, users,
 * analytics and the NLU. Domain refusals become values here; anything else is thrown (the worker
 * retries the event, then apologizes).
 */

/** Days offered at once (quick replies: 12 days + "cancel"). */
const MAX_DAYS = 12;

export const zoneOf = (user?: { timeZone?: string }) => user?.timeZone ?? config.BUSINESS_TIME_ZONE;

const view = (a: Appointment): ApptView => ({
  appointmentId: a.appointmentId,
  userId: a.userId,
  serviceId: a.serviceId,
  serviceName: a.serviceName,
  consultantName: a.consultantName,
  start: a.start,
  status: a.status,
});

/** The next days (`YYYY-MM-DD` in `zone`) with at least one free slot, at most 12. */
async function freeDays(serviceId: string, zone: string, now: Date): Promise<string[]> {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Array.from({ length: DAYS_AHEAD }, (_, i) => today.plus({ days: i }).toISODate() ?? '');
  const found: string[] = [];
  // Small parallel batches: enough days are usually found in the first batch or two.
  for (let i = 0; i < days.length && found.length < MAX_DAYS; i += 7) {
    const batch = days.slice(i, i + 7);
    const counts = await Promise.all(
      batch.map(async (date) => (await getAvailability({ serviceId, date, timeZone: zone, now })).length),
    );
    batch.forEach((date, j) => {
      if ((counts[j] ?? 0) > 0) found.push(date);
    });
  }
  return found.slice(0, MAX_DAYS);
}

/** The distinct free start times of a day (the first consultant free at each time). */
async function freeTimes(serviceId: string, day: string, zone: string, now: Date): Promise<Slot[]> {
  const slots = await getAvailability({ serviceId, date: day, timeZone: zone, now });
  const byStart = new Map<string, Slot>();
  for (const s of slots)
    if (!byStart.has(s.start)) byStart.set(s.start, { start: s.start, consultantId: s.consultantId });
  return [...byStart.values()].sort((a, b) => a.start.localeCompare(b.start));
}

const cutoffMinutes = (err: AppError) =>
  Number(err.extensions?.cutoffMinutes ?? /(\d+) minutes/.exec(err.detail ?? '')?.[1] ?? 120);

function changeRefusal(err: unknown): ChangeRefusal {
  if (err instanceof SlotTakenError || err instanceof SlotNotOfferedError)
    return { ok: false, reason: 'taken' };
  if (err instanceof CutoffPassedError) return { ok: false, reason: 'cutoff', minutes: cutoffMinutes(err) };
  if (err instanceof NotModifiableError) return { ok: false, reason: 'notChangeable' };
  if (err instanceof AppError && err.code === 'resource.notFound') return { ok: false, reason: 'gone' };
  throw err;
}

function otpRefusal(err: unknown): OtpRefusal {
  if (!(err instanceof AppError)) throw err;
  if (err.code === 'otp.locked') return { ok: false, reason: 'locked', seconds: err.retryAfter ?? 900 };
  if (err.code === 'otp.throttled' || err.code === 'rateLimit.exceeded')
    return { ok: false, reason: 'wait', seconds: err.retryAfter ?? 60 };
  if (err.code === 'otp.invalid') return { ok: false, reason: 'invalid', seconds: 0 };
  if (err.code === 'auth.userBlocked') return { ok: false, reason: 'blocked', seconds: 0 };
  throw err;
}

/** The OTP core's rate-limit key for a chat: the hashed PSID stands in for the IP. */
const otpIp = (psid: string) => `psid:${hashId(psid, 'psid:')}`;

/** A change the customer makes to their own appointment from this chat (cut-off rules apply). */
const asCustomer = (userId: string, now: Date) => ({
  actor: { kind: 'user' as const, userId },
  channel: 'messenger' as const,
  userId,
  now,
});

export const realPorts: Ports = {
  catalog: {
    async services() {
      const all = await listServices();
      return all.filter((s) => s.active).sort((a, b) => a.name.localeCompare(b.name));
    },
    service: (serviceId) => getService(serviceId),
    consultantName: async (consultantId) => (await getConsultant(consultantId))?.name,
  },
  availability: { freeDays, freeTimes },
  booking: {
    async book({ userId, flow, slot, idempotencyKey, now }) {
      try {
        const { appointment } = await bookAppointment({
          userId,
          serviceId: flow.serviceId,
          consultantId: slot.consultantId,
          start: slot.start,
          channel: 'messenger',
          actor: { kind: 'user', userId },
          idempotencyKey,
          now,
        });
        return { ok: true, appointment: view(appointment) };
      } catch (err) {
        if (err instanceof SlotTakenError || err instanceof SlotNotOfferedError)
          return { ok: false, reason: 'taken' };
        throw err;
      }
    },
    async cancel({ userId, appointmentId, now }) {
      try {
        return {
          ok: true,
          appointment: view(await cancelAppointment(appointmentId, asCustomer(userId, now))),
        };
      } catch (err) {
        return changeRefusal(err);
      }
    },
    async reschedule({ userId, appointmentId, slot, now }) {
      try {
        const a = await rescheduleAppointment(appointmentId, slot, asCustomer(userId, now));
        return { ok: true, appointment: view(a) };
      } catch (err) {
        return changeRefusal(err);
      }
    },
    /** The customer's booked appointments that have not started yet, soonest first (at most 10). */
    async upcoming(userId, now) {
      const { items } = await listUserAppointments(userId, { status: 'booked', order: 'desc', limit: 50 });
      return items
        .filter((a) => Date.parse(a.start) > now.getTime())
        .sort((a, b) => a.start.localeCompare(b.start))
        .slice(0, 10)
        .map(view);
    },
    get: async (appointmentId) => {
      const a = await getAppointment(appointmentId);
      return a ? view(a) : undefined;
    },
  },
  otp: {
    async request({ email, psid, locale, now }) {
      try {
        const r = await requestOtp({ email, ip: otpIp(psid), channel: 'messenger', locale, now });
        return { ok: true, minutes: Math.round(r.expiresIn / 60) };
      } catch (err) {
        return otpRefusal(err);
      }
    },
    async verify({ email, code, psid, now }) {
      try {
        const { user } = await verifyOtp({ email, code, ip: otpIp(psid), channel: 'messenger', now });
        return { ok: true, user: { userId: user.userId, email: user.email } };
      } catch (err) {
        return otpRefusal(err);
      }
    },
  },
  users: { linkPsid: async (userId, psid) => void (await linkPsid(userId, psid)) },
  nlu: { understand },
  analytics: {
    conversationStarted: (psid) => recordEvent({ type: 'messenger.conversation.started', psid }),
  },
};
