import type { Locale } from '@bookingbot/common/i18n';
import { DateTime } from 'luxon';
import { decide } from '../../../src/conversation/machine';
import { understand } from '../../../src/conversation/nlu';
import { decodePayload } from '../../../src/conversation/payloads';
import type {
  ApptView,
  Customer,
  Input,
  Ports,
  Reply,
  Slot,
  Step,
  Turn,
  Understanding,
} from '../../../src/conversation/types';

/**
 * An in-memory booking world behind the machine's ports: two services, one consultant free every
 * hour 09:00–16:00 (Asia/Ho_Chi_Minh) on the next five days, bookings with idempotency keys that
 * behave like the real domain (same key + same slot → the same appointment; same key + another
 * slot → an error), OTP code `123456`.
 */
export const ZONE = 'Asia/Ho_Chi_Minh';
export const NOW = new Date('2026-12-01T01:30:00Z'); // 08:30 in Ho Chi Minh City
export const CODE = '123456';

export interface World {
  ports: Ports;
  appointments: Map<string, ApptView>;
  /** Every call of the booking port and what it returned. */
  bookings: { key: string; slot: Slot; result: 'booked' | 'replayed' | 'taken' | 'error' }[];
  linked: Map<string, string>;
  /** Every sign-in code the OTP port was asked to email, with the language of the email. */
  otpRequests: { email: string; locale: Locale }[];
  /** Fix what the NLU reads for the next texts (default: the real `understand`). */
  setNlu(f: ((text: string) => Understanding) | undefined): void;
}

export function fakeWorld(): World {
  const services = [
    { serviceId: 'svc-consult', name: 'Consultation', active: true },
    { serviceId: 'svc-intro', name: 'Intro call', active: true },
  ];
  const appointments = new Map<string, ApptView>();
  const keys = new Map<string, { slot: string; id: string }>();
  const bookings: World['bookings'] = [];
  const linked = new Map<string, string>();
  const otpRequests: World['otpRequests'] = [];
  const services_ = services.map((s) => ({ id: s.serviceId, name: s.name }));
  // The language engineer's NLU by default (pure); a test may fix the reading instead.
  const real = (text: string) =>
    understand(text, { locale: 'en', timeZone: ZONE, now: NOW, services: services_ });
  let nlu: (text: string) => Understanding = real;
  const today = DateTime.fromJSDate(NOW, { zone: ZONE }).startOf('day');
  const days = Array.from({ length: 5 }, (_, i) => today.plus({ days: i }).toISODate() ?? '');
  const taken = (start: string) =>
    [...appointments.values()].some((a) => a.start === start && a.status === 'booked');
  const freeTimes = async (_serviceId: string, day: string, zone: string, now: Date): Promise<Slot[]> => {
    if (!days.includes(day)) return [];
    return Array.from({ length: 8 }, (_, h) =>
      DateTime.fromISO(`${day}T${String(9 + h).padStart(2, '0')}:00`, { zone }),
    )
      .filter((t) => t.toMillis() > now.getTime())
      .map((t) => t.toUTC().toISO() ?? '')
      .filter((start) => !taken(start))
      .map((start) => ({ start, consultantId: 'cons-linh' }));
  };
  const serviceName = (id: string) => services.find((s) => s.serviceId === id)?.name ?? '?';

  const ports: Ports = {
    catalog: {
      services: async () => services,
      service: async (id) => services.find((s) => s.serviceId === id),
      consultantName: async (id) => (id === 'cons-linh' ? 'Linh' : undefined),
    },
    availability: {
      freeDays: async (serviceId, zone, now) => {
        const out: string[] = [];
        for (const d of days) if ((await freeTimes(serviceId, d, zone, now)).length) out.push(d);
        return out;
      },
      freeTimes,
    },
    booking: {
      async book({ userId, flow, slot, idempotencyKey }) {
        const seen = keys.get(idempotencyKey);
        if (seen) {
          if (seen.slot !== slot.start) {
            bookings.push({ key: idempotencyKey, slot, result: 'error' });
            throw new Error('idempotency key reused for another request');
          }
          const again = appointments.get(seen.id);
          if (again) {
            bookings.push({ key: idempotencyKey, slot, result: 'replayed' });
            return { ok: true, appointment: again };
          }
        }
        if (taken(slot.start)) {
          bookings.push({ key: idempotencyKey, slot, result: 'taken' });
          return { ok: false, reason: 'taken' };
        }
        const id = `appt-${appointments.size + 1}`;
        const a: ApptView = {
          appointmentId: id,
          userId,
          serviceId: flow.serviceId,
          serviceName: serviceName(flow.serviceId),
          consultantName: 'Linh',
          start: slot.start,
          status: 'booked',
        };
        appointments.set(id, a);
        keys.set(idempotencyKey, { slot: slot.start, id });
        bookings.push({ key: idempotencyKey, slot, result: 'booked' });
        return { ok: true, appointment: a };
      },
      async cancel({ userId, appointmentId }) {
        const a = appointments.get(appointmentId);
        if (!a || a.userId !== userId) return { ok: false, reason: 'gone' };
        if (a.status !== 'booked') return { ok: false, reason: 'notChangeable' };
        const after = { ...a, status: 'cancelled' };
        appointments.set(appointmentId, after);
        return { ok: true, appointment: after };
      },
      async reschedule({ userId, appointmentId, slot }) {
        const a = appointments.get(appointmentId);
        if (!a || a.userId !== userId) return { ok: false, reason: 'gone' };
        if (taken(slot.start)) return { ok: false, reason: 'taken' };
        const after = { ...a, start: slot.start };
        appointments.set(appointmentId, after);
        return { ok: true, appointment: after };
      },
      upcoming: async (userId) =>
        [...appointments.values()].filter((a) => a.userId === userId && a.status === 'booked'),
      get: async (id) => appointments.get(id),
    },
    otp: {
      request: async ({ email, locale }) => {
        otpRequests.push({ email, locale });
        return { ok: true, minutes: 10 };
      },
      verify: async ({ email, code }) =>
        code === CODE
          ? { ok: true, user: { userId: `u-${email}`, email } }
          : { ok: false, reason: 'invalid', seconds: 0 },
    },
    users: {
      linkPsid: async (userId, psid) => {
        linked.set(psid, userId);
      },
    },
    nlu: { understand: (text) => nlu(text) },
    analytics: { conversationStarted: async () => undefined },
  };
  return { ports, appointments, bookings, linked, otpRequests, setNlu: (f) => (nlu = f ?? real) };
}

let midSeq = 0;
export const mid = () => `m_test_${++midSeq}`;

/** A customer chatting with the pure machine: keeps the step and locale between turns like the runtime. */
export function chat(world: World, user?: Customer, psid = 'psid-1') {
  let state: { step: Step; locale: Locale } = { step: { step: 'idle' }, locale: 'en' };
  let who = user;
  const run = async (input: Input): Promise<Turn> => {
    const turn = await decide(state, input, { psid, user: who, zone: ZONE, now: NOW }, world.ports);
    state = { step: turn.step, locale: turn.locale };
    if (!who && world.linked.has(psid))
      who = { userId: world.linked.get(psid) ?? '', email: 'linked@example.com' };
    return turn;
  };
  return {
    get state() {
      return state;
    },
    text: (text: string, eventId = mid()) => run({ text, eventId }),
    /** A tap: the raw payload string as Meta would deliver it, decoded like the runtime does. */
    tap: (raw: string, eventId = mid()) => run({ payload: decodePayload(raw) ?? 'invalid', eventId }),
    run,
  };
}

/** Every payload the bot offered in a turn (quick replies, buttons, card buttons). */
export function offered(turn: Turn): { title: string; payload: string }[] {
  return turn.replies.flatMap((r: Reply) => {
    if (r.type === 'quick') return r.replies;
    if (r.type === 'buttons') return r.buttons.flatMap((b) => (b.type === 'postback' ? [b] : []));
    if (r.type === 'generic')
      return r.elements.flatMap((e) => (e.buttons ?? []).flatMap((b) => (b.type === 'postback' ? [b] : [])));
    return [];
  });
}

export const textsOf = (turn: Turn) =>
  turn.replies
    .map((r) => (r.type === 'text' || r.type === 'quick' || r.type === 'buttons' ? r.text : ''))
    .join('\n');
