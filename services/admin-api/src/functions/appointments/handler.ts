import {
  type Appointment,
  bookAppointment,
  cancelAppointment,
  getAvailability,
  listAppointments,
  markAppointmentOutcome,
  requireAppointment,
  rescheduleAppointment,
  staffBookingPolicy,
} from '@bookingbot/common/booking';
import { loadConfig } from '@bookingbot/common/config';
import { ValidationError } from '@bookingbot/common/errors';
import { created, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { listWindow } from '../../lib/window';
import {
  appointmentsBook,
  appointmentsCancel,
  appointmentsComplete,
  appointmentsGet,
  appointmentsList,
  appointmentsNoShow,
  appointmentsReschedule,
  availabilityStaff,
} from '../../routes';

const logger = createLogger('admin-appointments');

const actor = (userId: string) => ({ kind: 'admin' as const, userId });
const state = (a: Appointment) => ({
  status: a.status,
  start: a.start,
  end: a.end,
  consultantId: a.consultantId,
  serviceId: a.serviceId,
  ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
});

/** Whole-day windows are days of the business (the zone the chatbot and the staff work in). */
const config = loadConfig({ BUSINESS_TIME_ZONE: z._default(z.string(), 'Asia/Ho_Chi_Minh') });

/**
 * GET /admin/appointments?from=&to=&consultantId=&status=&userId=&cursor=&limit= — by start time.
 * `from`/`to` are plain dates (whole days in the business time zone) or instants; the default is
 * today + 7 days. The range is at most 93 days (the booking module reads month buckets); the cursor
 * carries the last `start#id` returned, so pages stay stable while appointments are added. The
 * answer echoes the window it used.
 */
export const list = httpHandler({ logger, ...routeOptions(appointmentsList) }, async ({ query }) => {
  const window = listWindow(query, config.BUSINESS_TIME_ZONE);
  const after = decodeCursor(query.cursor)?.after;
  if (after !== undefined && typeof after !== 'string')
    throw new ValidationError([{ field: 'query.cursor', message: 'invalid cursor' }]);
  const all = await listAppointments({
    from: window.from,
    to: window.to,
    ...(query.consultantId ? { consultantId: query.consultantId } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.userId ? { userId: query.userId } : {}),
  });
  const sortKey = (a: Appointment) => `${a.start}#${a.appointmentId}`;
  const rest = after ? all.filter((a) => sortKey(a) > after) : all;
  const page = rest.slice(0, query.limit);
  const last = page.at(-1);
  return ok({
    items: page,
    nextCursor: rest.length > page.length && last ? encodeCursor({ after: sortKey(last) }) : null,
    ...window,
  });
});

export const getOne = httpHandler({ logger, ...routeOptions(appointmentsGet) }, async ({ params }) =>
  ok(await requireAppointment(params.id)),
);

/**
 * POST /admin/appointments {userId, serviceId, consultantId, start, ignoreNotice?} — books on a
 * customer's behalf (same double-booking guarantees; optional `Idempotency-Key` header). The
 * customer gets the usual confirmation.
 */
export const book = httpHandler(
  { logger, ...routeOptions(appointmentsBook) },
  async ({ body, auth, headers }) => {
    await requireUser(body.userId);
    const key = headers['idempotency-key'];
    const { appointment, replayed } = await bookAppointment({
      ...body,
      channel: 'admin',
      actor: actor(auth.userId),
      ...(key ? { idempotencyKey: `admin:${auth.userId}:${key}` } : {}),
    });
    if (!replayed)
      await audit(auth, 'appointment.book', { type: 'appointment', id: appointment.appointmentId }, null, {
        ...state(appointment),
        userId: appointment.userId,
      });
    return replayed
      ? ok(appointment)
      : created(appointment, { location: `/admin/appointments/${appointment.appointmentId}` });
  },
);

/** POST /admin/appointments/{id}/cancel {reason} — the customer is told by email and Messenger. */
export const cancel = httpHandler(
  { logger, ...routeOptions(appointmentsCancel) },
  async ({ params, body, auth }) => {
    const before = await requireAppointment(params.id);
    const after = await cancelAppointment(params.id, {
      actor: actor(auth.userId),
      channel: 'admin',
      enforceCutoff: false,
      reason: body.reason,
    });
    await audit(
      auth,
      'appointment.cancel',
      { type: 'appointment', id: params.id },
      state(before),
      state(after),
      body.reason,
    );
    return ok(after);
  },
);

/** POST /admin/appointments/{id}/reschedule {start, consultantId?} — staff ignore the cut-off. */
export const reschedule = httpHandler(
  { logger, ...routeOptions(appointmentsReschedule) },
  async ({ params, body, auth }) => {
    const before = await requireAppointment(params.id);
    const after = await rescheduleAppointment(
      params.id,
      { start: body.start, ...(body.consultantId ? { consultantId: body.consultantId } : {}) },
      { actor: actor(auth.userId), channel: 'admin', enforceCutoff: false, ignoreNotice: body.ignoreNotice },
    );
    await audit(
      auth,
      'appointment.reschedule',
      { type: 'appointment', id: params.id },
      state(before),
      state(after),
    );
    return ok(after);
  },
);

/** POST /admin/appointments/{id}/complete|no-show {note?} — only once the appointment has started. */
const outcome = (kind: 'completed' | 'no_show', spec: typeof appointmentsComplete) =>
  httpHandler({ logger, ...routeOptions(spec) }, async ({ params, body, auth }) => {
    const before = await requireAppointment(params.id);
    const after = await markAppointmentOutcome(params.id, kind, {
      actor: actor(auth.userId),
      ...(body.note ? { note: body.note } : {}),
    });
    await audit(
      auth,
      kind === 'completed' ? 'appointment.complete' : 'appointment.noShow',
      { type: 'appointment', id: params.id },
      state(before),
      state(after),
      body.note,
    );
    return ok(after);
  });

export const complete = outcome('completed', appointmentsComplete);
export const noShow = outcome('no_show', appointmentsNoShow);

/**
 * GET /admin/availability?serviceId=&date=|from=&to=[&consultantId=][&timeZone=] — free slots under
 * the staff rules (no minimum notice), day by day; each day is in `timeZone`, else in each
 * consultant's own zone (as for customers).
 */
export const availability = httpHandler({ logger, ...routeOptions(availabilityStaff) }, async ({ query }) => {
  const from = query.date ?? (query.from as string);
  const to = query.date ?? query.to ?? from;
  const days: string[] = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000)
    days.push(new Date(d).toISOString().slice(0, 10));
  const policy = staffBookingPolicy();
  const perDay = await Promise.all(
    days.map((date) =>
      getAvailability({
        serviceId: query.serviceId,
        date,
        policy,
        ...(query.consultantId ? { consultantId: query.consultantId } : {}),
        ...(query.timeZone ? { timeZone: query.timeZone } : {}),
      }),
    ),
  );
  return ok({ from, to, timeZone: query.timeZone ?? null, slots: perDay.flat() });
});
