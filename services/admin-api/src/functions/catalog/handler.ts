import {
  addTimeOff,
  type Consultant,
  consultantInputSchema,
  createConsultant,
  createService,
  getService,
  listConsultants,
  listServices,
  removeTimeOff,
  requireConsultant,
  serviceInputSchema,
  timeOffInputSchema,
  timeZoneSchema,
  updateConsultant,
  updateService,
  weeklyHoursSchema,
} from '@bookingbot/common/booking';
import { z } from '@bookingbot/common/config';
import { NotFoundError } from '@bookingbot/common/errors';
import { created, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { audit } from '../../lib/audited';
import { orphanPolicy, resolveOrphans } from '../../lib/orphans';
import { router } from '../../lib/router';

const logger = createLogger('admin-catalog');

const idPath = z.object({ id: z.string().min(1).max(64) });
const listQuery = z.object({ includeInactive: z.enum(['true', 'false']).default('true') });

// --- services --------------------------------------------------------------------------------

const listServicesRoute = httpHandler({ logger, auth: 'admin', query: listQuery }, async ({ query }) =>
  ok({ items: await listServices({ includeInactive: query.includeInactive === 'true' }), nextCursor: null }),
);

const createServiceRoute = httpHandler(
  { logger, auth: 'admin', body: serviceInputSchema },
  async ({ body, auth }) => {
    const service = await createService(body);
    await audit(auth, 'service.create', { type: 'service', id: service.serviceId }, null, service);
    return created(service, { location: `/admin/services/${service.serviceId}` });
  },
);

const getServiceRoute = httpHandler({ logger, auth: 'admin', path: idPath }, async ({ params }) => {
  const service = await getService(params.id);
  if (!service) throw new NotFoundError('service');
  return ok(service);
});

/**
 * PUT /admin/services/{id} — replaces the service. Deactivating (`active: false`) stops new
 * bookings; booked appointments keep their copy of its name and duration and still happen.
 */
const updateServiceRoute = httpHandler(
  { logger, auth: 'admin', path: idPath, body: serviceInputSchema },
  async ({ params, body, auth }) => {
    const before = await getService(params.id);
    if (!before) throw new NotFoundError('service');
    const after = await updateService(params.id, body);
    await audit(auth, 'service.update', { type: 'service', id: params.id }, before, after);
    return ok(after);
  },
);

/** DELETE /admin/services/{id} — deactivates (reversible; history and appointments keep it). */
const deactivateServiceRoute = httpHandler(
  { logger, auth: 'admin', path: idPath },
  async ({ params, auth }) => {
    const before = await getService(params.id);
    if (!before) throw new NotFoundError('service');
    const { serviceId: _id, createdAt: _c, updatedAt: _u, ...input } = before;
    const after = await updateService(params.id, { ...input, active: false });
    await audit(auth, 'service.deactivate', { type: 'service', id: params.id }, before, after);
    return ok(after);
  },
);

// --- consultants -----------------------------------------------------------------------------

const listConsultantsRoute = httpHandler({ logger, auth: 'admin', query: listQuery }, async ({ query }) =>
  ok({
    items: await listConsultants({ includeInactive: query.includeInactive === 'true' }),
    nextCursor: null,
  }),
);

const createConsultantRoute = httpHandler(
  { logger, auth: 'admin', body: consultantInputSchema },
  async ({ body, auth }) => {
    const consultant = await createConsultant(body);
    await audit(
      auth,
      'consultant.create',
      { type: 'consultant', id: consultant.consultantId },
      null,
      consultant,
    );
    return created(consultant, { location: `/admin/consultants/${consultant.consultantId}` });
  },
);

const getConsultantRoute = httpHandler({ logger, auth: 'admin', path: idPath }, async ({ params }) =>
  ok(await requireConsultant(params.id)),
);

const inputOf = (c: Consultant) => ({
  name: c.name,
  ...(c.bio ? { bio: c.bio } : {}),
  serviceIds: c.serviceIds,
  timeZone: c.timeZone,
  weeklyHours: c.weeklyHours,
  active: c.active,
});

/**
 * PUT /admin/consultants/{id} — replaces profile, services, zone, hours and active flag. A change
 * that would orphan booked appointments follows `onConflict` (refuse by default).
 */
const updateConsultantRoute = httpHandler(
  {
    logger,
    auth: 'admin',
    path: idPath,
    body: z.object({
      ...consultantInputSchema.shape,
      ...orphanPolicy,
      expectedVersion: z.number().int().min(1).optional(),
    }),
  },
  async ({ params, body, auth }) => {
    const { onConflict, cancelReason, expectedVersion, ...input } = body;
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(
      params.id,
      {
        weeklyHours: input.weeklyHours,
        timeZone: input.timeZone,
        serviceIds: input.serviceIds,
        active: input.active,
      },
      { onConflict, cancelReason },
      auth,
    );
    const after = await updateConsultant(params.id, input, expectedVersion);
    await audit(auth, 'consultant.update', { type: 'consultant', id: params.id }, before, {
      ...after,
      cancelledAppointments: cancelled,
    });
    return ok({ ...after, cancelledAppointments: cancelled });
  },
);

/** DELETE /admin/consultants/{id} — deactivates; booked appointments follow `onConflict` (query). */
const deactivateConsultantRoute = httpHandler(
  {
    logger,
    auth: 'admin',
    path: idPath,
    query: z.object({ onConflict: orphanPolicy.onConflict, cancelReason: orphanPolicy.cancelReason }),
  },
  async ({ params, query, auth }) => {
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(params.id, { active: false }, query, auth);
    const after = await updateConsultant(params.id, { ...inputOf(before), active: false }, before.version);
    await audit(auth, 'consultant.deactivate', { type: 'consultant', id: params.id }, before, {
      ...after,
      cancelledAppointments: cancelled,
    });
    return ok({ ...after, cancelledAppointments: cancelled });
  },
);

/** GET /admin/consultants/{id}/schedule — weekly hours, zone and time off. */
const getScheduleRoute = httpHandler({ logger, auth: 'admin', path: idPath }, async ({ params }) => {
  const c = await requireConsultant(params.id);
  return ok({
    consultantId: c.consultantId,
    timeZone: c.timeZone,
    weeklyHours: c.weeklyHours,
    timeOff: c.timeOff,
    version: c.version,
  });
});

/** PUT /admin/consultants/{id}/schedule {weeklyHours, timeZone?} — orphan policy applies. */
const setScheduleRoute = httpHandler(
  {
    logger,
    auth: 'admin',
    path: idPath,
    body: z.object({ weeklyHours: weeklyHoursSchema, timeZone: timeZoneSchema.optional(), ...orphanPolicy }),
  },
  async ({ params, body, auth }) => {
    const before = await requireConsultant(params.id);
    const cancelled = await resolveOrphans(
      params.id,
      { weeklyHours: body.weeklyHours, ...(body.timeZone ? { timeZone: body.timeZone } : {}) },
      body,
      auth,
    );
    const after = await updateConsultant(
      params.id,
      {
        ...inputOf(before),
        weeklyHours: body.weeklyHours,
        ...(body.timeZone ? { timeZone: body.timeZone } : {}),
      },
      before.version,
    );
    const view = { timeZone: after.timeZone, weeklyHours: after.weeklyHours };
    await audit(
      auth,
      'consultant.setSchedule',
      { type: 'consultant', id: params.id },
      { timeZone: before.timeZone, weeklyHours: before.weeklyHours },
      { ...view, cancelledAppointments: cancelled },
    );
    return ok({
      consultantId: after.consultantId,
      ...view,
      timeOff: after.timeOff,
      version: after.version,
      cancelledAppointments: cancelled,
    });
  },
);

/** POST /admin/consultants/{id}/time-off {start, end, reason?} — orphan policy applies. */
const addTimeOffRoute = httpHandler(
  {
    logger,
    auth: 'admin',
    path: idPath,
    body: z.intersection(timeOffInputSchema, z.object(orphanPolicy)),
  },
  async ({ params, body, auth }) => {
    const before = await requireConsultant(params.id);
    const range = { start: body.start, end: body.end, ...(body.reason ? { reason: body.reason } : {}) };
    const cancelled = await resolveOrphans(
      params.id,
      {
        timeOff: [
          ...before.timeOff.map((t) => ({ start: t.start, end: t.end })),
          { start: body.start, end: body.end },
        ],
      },
      body,
      auth,
    );
    const { timeOff } = await addTimeOff(params.id, range);
    await audit(auth, 'consultant.addTimeOff', { type: 'consultant', id: params.id }, null, {
      ...timeOff,
      cancelledAppointments: cancelled,
    });
    return created({ ...timeOff, cancelledAppointments: cancelled });
  },
);

/** DELETE /admin/consultants/{id}/time-off/{timeOffId} — frees the time again (nothing to orphan). */
const removeTimeOffRoute = httpHandler(
  {
    logger,
    auth: 'admin',
    path: z.object({ id: z.string().min(1).max(64), timeOffId: z.string().min(1).max(64) }),
  },
  async ({ params, auth }) => {
    const before = await requireConsultant(params.id);
    const removed = before.timeOff.find((t) => t.timeOffId === params.timeOffId);
    await removeTimeOff(params.id, params.timeOffId);
    await audit(
      auth,
      'consultant.removeTimeOff',
      { type: 'consultant', id: params.id },
      removed ?? null,
      null,
    );
    return ok({ removed: params.timeOffId });
  },
);

export const handler = router({
  'GET /admin/services': listServicesRoute,
  'POST /admin/services': createServiceRoute,
  'GET /admin/services/{id}': getServiceRoute,
  'PUT /admin/services/{id}': updateServiceRoute,
  'DELETE /admin/services/{id}': deactivateServiceRoute,
  'GET /admin/consultants': listConsultantsRoute,
  'POST /admin/consultants': createConsultantRoute,
  'GET /admin/consultants/{id}': getConsultantRoute,
  'PUT /admin/consultants/{id}': updateConsultantRoute,
  'DELETE /admin/consultants/{id}': deactivateConsultantRoute,
  'GET /admin/consultants/{id}/schedule': getScheduleRoute,
  'PUT /admin/consultants/{id}/schedule': setScheduleRoute,
  'POST /admin/consultants/{id}/time-off': addTimeOffRoute,
  'DELETE /admin/consultants/{id}/time-off/{timeOffId}': removeTimeOffRoute,
});
