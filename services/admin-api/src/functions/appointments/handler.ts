import {
  APPOINTMENT_STATUSES,
  type Appointment,
  bookAppointment,
  cancelAppointment,
  isoInstant,
  listAppointments,
  markAppointmentOutcome,
  requireAppointment,
  rescheduleAppointment,
} from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { ValidationError } from '@bookingbot/common/errors';
import { created, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { requireUser } from '@bookingbot/common/users';
import { audit } from '../../lib/audited';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { router } from '../../lib/router';

const logger = createLogger('admin-appointments');

const idPath = z.object({ id: z.string().min(1).max(64) });
const actor = (userId: string) => ({ kind: 'admin' as const, userId });
const state = (a: Appointment) => ({
  status: a.status,
  start: a.start,
  end: a.end,
  consultantId: a.consultantId,
  serviceId: a.serviceId,
  ...(a.cancelReason ? { cancelReason: a.cancelReason } : {}),
});

/**
 * GET /admin/appointments?from=&to=&consultantId=&status=&userId=&cursor=&limit= — by start time.
 * The range is at most 93 days (the booking module reads month buckets); the cursor carries the
 * last `start#id` returned, so pages stay stable while appointments are added.
 */
const list = httpHandler(
  {
    logger,
    auth: 'admin',
    query: z.object({
      from: isoInstant,
      to: isoInstant,
      consultantId: z.string().min(1).max(64).optional(),
      status: z.enum(APPOINTMENT_STATUSES).optional(),
      userId: z.string().min(1).max(128).optional(),
      cursor: z.string().max(1024).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
  },
  async ({ query }) => {
    if (Date.parse(query.from) >= Date.parse(query.to))
      throw new ValidationError([{ field: 'query.to', message: 'must be after from' }]);
    const after = decodeCursor(query.cursor)?.after;
    if (after !== undefined && typeof after !== 'string')
      throw new ValidationError([{ field: 'query.cursor', message: 'invalid cursor' }]);
    const all = await listAppointments({
      from: query.from,
      to: query.to,
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
    });
  },
);

const getOne = httpHandler({ logger, auth: 'admin', path: idPath }, async ({ params }) =>
  ok(await requireAppointment(params.id)),
);

/**
 * POST /admin/appointments {userId, serviceId, consultantId, start, ignoreNotice?} — books on a
 * customer's behalf (same double-booking guarantees; optional `Idempotency-Key` header). The
 * customer gets the usual confirmation.
 */
const book = httpHandler(
  {
    logger,
    auth: 'admin',
    body: z.object({
      userId: z.string().min(1).max(128),
      serviceId: z.string().min(1).max(64),
      consultantId: z.string().min(1).max(64),
      start: isoInstant,
      ignoreNotice: z.boolean().default(false),
    }),
  },
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
const cancel = httpHandler(
  { logger, auth: 'admin', path: idPath, body: z.object({ reason: z.string().trim().min(1).max(300) }) },
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
const reschedule = httpHandler(
  {
    logger,
    auth: 'admin',
    path: idPath,
    body: z.object({
      start: isoInstant,
      consultantId: z.string().min(1).max(64).optional(),
      ignoreNotice: z.boolean().default(false),
    }),
  },
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
const outcome = (kind: 'completed' | 'no_show') =>
  httpHandler(
    {
      logger,
      auth: 'admin',
      path: idPath,
      body: z.object({ note: z.string().trim().min(1).max(300).optional() }).default({}),
    },
    async ({ params, body, auth }) => {
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
    },
  );

export const handler = router({
  'GET /admin/appointments': list,
  'POST /admin/appointments': book,
  'GET /admin/appointments/{id}': getOne,
  'POST /admin/appointments/{id}/cancel': cancel,
  'POST /admin/appointments/{id}/reschedule': reschedule,
  'POST /admin/appointments/{id}/complete': outcome('completed'),
  'POST /admin/appointments/{id}/no-show': outcome('no_show'),
});
