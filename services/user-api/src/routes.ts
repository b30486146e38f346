/**
 * Every HTTP route of user-api, declared once: the infra plugin makes one Lambda function per entry
 * (IAM role, authorizer by `access`), each handler takes its validation from its entry
 * (`routeOptions`), the tests list routes from here, and `GET /openapi.json` is generated from these
 * schemas. Adding a route: one entry here, its handler, its test (docs/architecture.md).
 */
import { APPOINTMENT_STATUSES, isoDateSchema, timeZoneSchema } from '@bookingbot/common/booking';
import type { RateLimitRule } from '@bookingbot/common/db';
import { health, type IamGrant, openapi, type RouteTable, route } from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';

/** Reads per user: generous, stops scraping loops. */
const readLimit: RateLimitRule = { name: 'user-api-read', limit: 120, windowSeconds: 60 };
/** Writes per user (book, cancel, reschedule, profile): a person never needs more. */
const writeLimit: RateLimitRule = { name: 'user-api-write', limit: 20, windowSeconds: 60 };

// Shared schemas are `z.deferred`: built on first use, so a function builds its own route's only.
const id = z.deferred(() => z.string().check(z.minLength(1), z.maxLength(64)));
const idParams = z.deferred(() => z.object({ id: id() }));
/** A UTC/offset ISO 8601 instant such as `2026-12-01T09:00:00Z`. */
const instant = z.deferred(() => z.iso.datetime({ offset: true }));

const locale = z.deferred(() =>
  z.pipe(
    z.string().check(
      z.maxLength(35),
      z.refine((l) => {
        try {
          return Intl.getCanonicalLocales(l).length === 1;
        } catch {
          return false;
        }
      }, 'must be a BCP 47 language tag such as en-GB'),
    ),
    z.transform((l) => Intl.getCanonicalLocales(l)[0] as string),
  ),
);

// ── Response shapes (what the contract test checks every e2e answer against) ──
const profile = z.deferred(() =>
  z.object({
    userId: z.string(),
    email: z.string(),
    name: z.nullable(z.string()),
    timeZone: z.nullable(z.string()),
    locale: z.nullable(z.string()),
    role: z.enum(['user', 'admin']),
    messengerLinked: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
const appointment = z.deferred(() =>
  z.looseObject({
    appointmentId: z.string(),
    userId: z.string(),
    serviceId: z.string(),
    consultantId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(APPOINTMENT_STATUSES),
    history: z.array(z.looseObject({ at: z.string(), by: z.object({ kind: z.string() }) })),
  }),
);
const service = z.deferred(() =>
  z.looseObject({ serviceId: z.string(), name: z.string(), durationMinutes: z.number() }),
);
const consultant = z.deferred(() =>
  z.looseObject({ consultantId: z.string(), name: z.string(), serviceIds: z.array(z.string()) }),
);
/** One list shape on every list route: a page of items and the cursor of the next (null = end). */
const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });

const tableRw = (...actions: string[]): IamGrant => ({
  actions: actions.map((a) => `dynamodb:${a}`),
  resources: ['custom:tableArn'],
});
// Booking changes: the transaction (appointment + guard blocks), analytics, the confirmation
// email, and a tagged Messenger update when the customer has a linked PSID.
const bookingChange: IamGrant[] = [
  tableRw('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'),
  { actions: ['ssm:GetParameter'], resources: ['custom:appSecretArn', 'custom:pageTokenArn'] },
  { actions: ['ses:SendEmail'], resources: ['custom:sesIdentityArn'] },
];

export { health, openapi };

export const meGet = route({
  name: 'meGet',
  method: 'GET',
  path: '/me',
  access: 'user',
  handler: 'src/functions/me-get/handler.handler',
  summary: "The caller's profile",
  schemas: () => ({
    responses: { 200: profile() },
  }),
  rateLimit: readLimit,
  iam: [tableRw('GetItem', 'UpdateItem')],
});

export const mePatch = route({
  name: 'mePatch',
  method: 'PATCH',
  path: '/me',
  access: 'user',
  handler: 'src/functions/me-patch/handler.handler',
  summary: 'Change name, time zone or locale (at least one)',
  schemas: () => ({
    body: z
      .strictObject({
        name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
        timeZone: z.optional(timeZoneSchema()),
        locale: z.optional(locale()),
      })
      .check(
        z.refine(
          (b) => Object.values(b).some((v) => v !== undefined),
          'give at least one of name, timeZone, locale',
        ),
      ),
    responses: { 200: profile() },
  }),
  rateLimit: writeLimit,
  iam: [tableRw('UpdateItem')],
});

export const servicesList = route({
  name: 'servicesList',
  method: 'GET',
  path: '/services',
  access: 'user',
  handler: 'src/functions/services-list/handler.handler',
  summary: 'The bookable services',
  schemas: () => ({
    query: z.object({}),
    responses: { 200: z.object({ services: z.array(service()) }) },
  }),
  rateLimit: readLimit,
  iam: [tableRw('Query', 'UpdateItem')],
});

export const consultantsList = route({
  name: 'consultantsList',
  method: 'GET',
  path: '/consultants',
  access: 'user',
  handler: 'src/functions/consultants-list/handler.handler',
  summary: 'Active consultants, optionally those offering one service',
  schemas: () => ({
    query: z.object({ serviceId: z.optional(id()) }),
    responses: { 200: z.object({ consultants: z.array(consultant()) }) },
  }),
  rateLimit: readLimit,
  iam: [tableRw('Query', 'UpdateItem')],
});

export const availability = route({
  name: 'availability',
  method: 'GET',
  path: '/availability',
  access: 'user',
  handler: 'src/functions/availability/handler.handler',
  summary: "Open slots of a service on one day (in `timeZone`, else the caller's, else each consultant's)",
  schemas: () => ({
    query: z.object({
      serviceId: id(),
      date: isoDateSchema(),
      consultantId: z.optional(id()),
      timeZone: z.optional(timeZoneSchema()),
    }),
    responses: {
      200: z.object({
        date: z.string(),
        timeZone: z.nullable(z.string()),
        slots: z.array(z.looseObject({ start: z.string(), consultantId: z.string() })),
      }),
    },
  }),
  rateLimit: readLimit,
  iam: [tableRw('GetItem', 'Query', 'UpdateItem')],
});

export const appointmentsList = route({
  name: 'appointmentsList',
  method: 'GET',
  path: '/appointments',
  access: 'user',
  handler: 'src/functions/appointments-list/handler.handler',
  summary: "The caller's own appointments by start time, a page at a time",
  schemas: () => ({
    query: z.object({
      status: z.optional(z.enum(APPOINTMENT_STATUSES)),
      cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
      order: z._default(z.enum(['asc', 'desc']), 'desc'),
    }),
    responses: { 200: page(appointment()) },
  }),
  rateLimit: readLimit,
  iam: [
    {
      actions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
      resources: ['custom:tableArn', 'custom:tableIndexArn'],
    },
  ],
});

export const appointmentsCreate = route({
  name: 'appointmentsCreate',
  method: 'POST',
  path: '/appointments',
  access: 'user',
  handler: 'src/functions/appointments-create/handler.handler',
  summary: 'Book a slot (`Idempotency-Key` makes a retry safe)',
  schemas: () => ({
    body: z.object({ serviceId: id(), consultantId: id(), start: instant() }),
    responses: { 201: appointment() },
  }),
  rateLimit: writeLimit,
  // The transaction, then the confirmations (bounded, see docs/booking.md): within API Gateway's 29 s.
  timeout: 20,
  environment: 'custom:bookingEnv',
  iam: bookingChange,
});

export const appointmentsGet = route({
  name: 'appointmentsGet',
  method: 'GET',
  path: '/appointments/{id}',
  access: 'user',
  handler: 'src/functions/appointments-get/handler.handler',
  summary: "One of the caller's appointments (anyone else's id is a 404)",
  schemas: () => ({
    params: idParams(),
    responses: { 200: appointment() },
  }),
  rateLimit: readLimit,
  iam: [tableRw('GetItem', 'UpdateItem')],
});

export const appointmentsCancel = route({
  name: 'appointmentsCancel',
  method: 'POST',
  path: '/appointments/{id}/cancel',
  access: 'user',
  handler: 'src/functions/appointments-cancel/handler.handler',
  summary: 'Cancel until the cut-off before the start (the body is optional)',
  schemas: () => ({
    params: idParams(),
    responses: { 200: appointment() },
  }),
  rateLimit: writeLimit,
  timeout: 20,
  environment: 'custom:bookingEnv',
  iam: bookingChange,
});

/** The optional body of a cancel: validated by the handler (an empty POST is a valid cancel). */
export const cancelBody = z.deferred(() =>
  z.object({ reason: z.optional(z.string().check(z.trim(), z.maxLength(500))) }),
);

export const appointmentsReschedule = route({
  name: 'appointmentsReschedule',
  method: 'POST',
  path: '/appointments/{id}/reschedule',
  access: 'user',
  handler: 'src/functions/appointments-reschedule/handler.handler',
  summary: 'Move to another start (and consultant) atomically, until the cut-off',
  schemas: () => ({
    params: idParams(),
    body: z.object({ start: instant(), consultantId: z.optional(id()) }),
    responses: { 200: appointment() },
  }),
  rateLimit: writeLimit,
  timeout: 20,
  environment: 'custom:bookingEnv',
  iam: bookingChange,
});

export const routeTable: RouteTable = {
  service: 'user-api',
  title: 'bookingbot user-api',
  description: "Customers' REST API: profile, catalog, availability, appointments.",
  throttle: { rate: 100, burst: 200 },
  routes: [
    health,
    openapi,
    meGet,
    mePatch,
    servicesList,
    consultantsList,
    availability,
    appointmentsList,
    appointmentsCreate,
    appointmentsGet,
    appointmentsCancel,
    appointmentsReschedule,
  ],
};
