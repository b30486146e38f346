import {
  addTimeOff,
  type Consultant,
  createConsultant,
  createService,
  getService,
  listConsultants,
  listServices,
  removeTimeOff,
  requireConsultant,
  updateConsultant,
  updateService,
} from '@bookingbot/common/booking';
import { NotFoundError } from '@bookingbot/common/errors';
import { created, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { routeOptions } from '@bookingbot/common/routes';
import { audit } from '../../lib/audited';
import { resolveOrphans } from '../../lib/orphans';
import {
  consultantsCreate,
  consultantsDeactivate,
  consultantsGet,
  consultantsList,
  consultantsUpdate,
  scheduleGet,
  scheduleSet,
  servicesCreate,
  servicesDeactivate,
  servicesGet,
  servicesList,
  servicesUpdate,
  timeOffAdd,
  timeOffRemove,
} from '../../routes';

const logger = createLogger('admin-catalog');

// --- services --------------------------------------------------------------------------------

export const listServicesRoute = httpHandler({ logger, ...routeOptions(servicesList) }, async ({ query }) =>
  ok({ items: await listServices({ includeInactive: query.includeInactive === 'true' }), nextCursor: null }),
);

export const createServiceRoute = httpHandler(
  { logger, ...routeOptions(servicesCreate) },
  async ({ body, auth }) => {
    const service = await createService(body);
    await audit(auth, 'service.create', { type: 'service', id: service.serviceId }, null, service);
    return created(service, { location: `/admin/services/${service.serviceId}` });
  },
);

export const getServiceRoute = httpHandler({ logger, ...routeOptions(servicesGet) }, async ({ params }) => {
  const service = await getService(params.id);
  if (!service) throw new NotFoundError('service');
  return ok(service);
});

/**
 * PUT /admin/services/{id} — replaces the service. Deactivating (`active: false`) stops new
 * bookings; booked appointments keep their copy of its name and duration and still happen.
 */
export const updateServiceRoute = httpHandler(
  { logger, ...routeOptions(servicesUpdate) },
  async ({ params, body, auth }) => {
    const before = await getService(params.id);
    if (!before) throw new NotFoundError('service');
    const after = await updateService(params.id, body);
    await audit(auth, 'service.update', { type: 'service', id: params.id }, before, after);
    return ok(after);
  },
);

/** DELETE /admin/services/{id} — deactivates (reversible; history and appointments keep it). */
export const deactivateServiceRoute = httpHandler(
  { logger, ...routeOptions(servicesDeactivate) },
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

export const listConsultantsRoute = httpHandler(
  { logger, ...routeOptions(consultantsList) },
  async ({ query }) =>
    ok({
      items: await listConsultants({ includeInactive: query.includeInactive === 'true' }),
      nextCursor: null,
    }),
);

export const createConsultantRoute = httpHandler(
  { logger, ...routeOptions(consultantsCreate) },
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

export const getConsultantRoute = httpHandler(
  { logger, ...routeOptions(consultantsGet) },
  async ({ params }) => ok(await requireConsultant(params.id)),
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
export const updateConsultantRoute = httpHandler(
  { logger, ...routeOptions(consultantsUpdate) },
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
export const deactivateConsultantRoute = httpHandler(
  { logger, ...routeOptions(consultantsDeactivate) },
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
export const getScheduleRoute = httpHandler({ logger, ...routeOptions(scheduleGet) }, async ({ params }) => {
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
export const setScheduleRoute = httpHandler(
  { logger, ...routeOptions(scheduleSet) },
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
export const addTimeOffRoute = httpHandler(
  { logger, ...routeOptions(timeOffAdd) },
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
export const removeTimeOffRoute = httpHandler(
  { logger, ...routeOptions(timeOffRemove) },
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
