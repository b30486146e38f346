/**
 * Every HTTP route of admin-api, declared once (see services/user-api/src/routes.ts for the
 * shape): one Lambda function per entry with its own IAM role, the admin authorizer on every
 * `access: 'admin'` route, the handlers' validation, the tests' route list and `GET /openapi.json`.
 * The event writer (DynamoDB stream) is not a route: serverless.yml.
 */
import {
  APPOINTMENT_STATUSES,
  consultantInputSchema,
  isoInstant,
  serviceInputSchema,
  timeOffInputSchema,
  timeZoneSchema,
  weeklyHoursSchema,
} from '@bookingbot/common/booking';
import {
  health,
  type IamGrant,
  openapi,
  type RouteDef,
  type RouteTable,
  route,
} from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';
import { REPORT_NAMES, reportParams } from './analytics/report-params';

// ── Shared pieces ──
// `z.deferred`: built on first use, so each function builds its own route's schemas only.
const id = z.deferred(() => z.string().check(z.minLength(1), z.maxLength(64)));
const idPath = z.deferred(() => z.object({ id: id() }));
const userPath = z.deferred(() => z.object({ id: z.string().check(z.minLength(1), z.maxLength(128)) }));
const reason = z.deferred(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));
const reasonBody = z.deferred(() => z._default(z.object({ reason: z.optional(reason()) }), {}));
/** The query fields every list route accepts. @default limit 25 (max 100) */
export const pageQuery = z.deferred(() => ({
  cursor: z.optional(z.string().check(z.maxLength(2048))),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
}));
const listQuery = z.deferred(() =>
  z.object({ includeInactive: z._default(z.enum(['true', 'false']), 'true') }),
);

/**
 * What a schedule change does to booked appointments it would orphan (lib/orphans.ts):
 * `refuse` (default, 409 listing them) or `cancel` them first (customers told).
 */
export const orphanPolicy = z.deferred(() => ({
  onConflict: z._default(z.enum(['refuse', 'cancel']), 'refuse'),
  /** Told to the customers whose appointments are cancelled. */
  cancelReason: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
}));

/** `2026-12-03` (a whole day in the business time zone) or an instant with an offset. */
const dayOrInstant = z.deferred(() => z.union([z.iso.date(), isoInstant()]));

// ── Response shapes (checked by the contract test) ──
const obj = z.deferred(() => z.looseObject({}));
const page = <T extends z.ZodMiniType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) });
const adminUser = z.deferred(() =>
  z.looseObject({
    userId: z.string(),
    email: z.string(),
    role: z.enum(['user', 'admin']),
    blocked: z.boolean(),
    psidLinked: z.boolean(),
  }),
);
const service = z.deferred(() =>
  z.looseObject({ serviceId: z.string(), name: z.string(), active: z.boolean() }),
);
const consultant = z.deferred(() =>
  z.looseObject({ consultantId: z.string(), name: z.string(), active: z.boolean() }),
);
const appointment = z.deferred(() =>
  z.looseObject({
    appointmentId: z.string(),
    userId: z.string(),
    start: z.string(),
    end: z.string(),
    status: z.enum(APPOINTMENT_STATUSES),
  }),
);
const brief = z.deferred(() => z.looseObject({ appointmentId: z.string() }));
const schedule = z.deferred(() =>
  z.looseObject({
    consultantId: z.string(),
    timeZone: z.string(),
    weeklyHours: obj(),
    timeOff: z.array(obj()),
    version: z.number(),
  }),
);

// ── IAM ──
const tableRead: IamGrant = {
  actions: ['dynamodb:GetItem', 'dynamodb:Query'],
  resources: ['custom:tableArn', 'custom:tableIndexArn'],
};
// Admin writes and their audit entries (PutItem), rate-limit counters (UpdateItem).
const tableWrite: IamGrant = {
  actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:TransactWriteItems'],
  resources: ['custom:tableArn'],
};
/** Changes that can cancel or move a customer's appointment tell them (email, Messenger). */
const notify: IamGrant[] = [
  { actions: ['ssm:GetParameter'], resources: ['custom:appSecretArn', 'custom:pageTokenArn'] },
  { actions: ['ses:SendEmail'], resources: ['custom:sesIdentityArn'] },
];
const readOnly = [tableRead];
const readWrite = [tableRead, tableWrite];
const readWriteNotify = [tableRead, tableWrite, ...notify];

/** An admin route: every one here is `access: 'admin'` (the authorizer and the role check). */
const admin = <
  B extends z.ZodMiniType = z.ZodMiniType<undefined>,
  Q extends z.ZodMiniType = z.ZodMiniType<Record<string, string | undefined>>,
  P extends z.ZodMiniType = z.ZodMiniType<Record<string, string | undefined>>,
>(
  def: Omit<RouteDef<B, Q, P>, 'access'>,
) => route<B, Q, P>({ ...def, access: 'admin' });

export { health, openapi };

// ── users ──
export const usersSearch = admin({
  name: 'usersSearch',
  method: 'GET',
  path: '/admin/users',
  handler: 'src/functions/users-search/handler.handler',
  summary: 'Users by email prefix or name fragment',
  schemas: () => ({
    query: z.object({ ...pageQuery(), query: z.optional(z.string().check(z.trim(), z.maxLength(200))) }),
    responses: { 200: page(adminUser()) },
  }),
  iam: readWrite,
});
export const usersGet = admin({
  name: 'usersGet',
  method: 'GET',
  path: '/admin/users/{id}',
  handler: 'src/functions/users-get/handler.handler',
  summary: 'A profile and its active sessions',
  schemas: () => ({
    params: userPath(),
    responses: { 200: z.extend(adminUser(), { sessions: z.array(obj()) }) },
  }),
  iam: readWrite,
});
export const usersBlock = admin({
  name: 'usersBlock',
  method: 'POST',
  path: '/admin/users/{id}/block',
  handler: 'src/functions/users-block/handler.handler',
  summary: 'Block: every token denied, sessions revoked, the bot stops serving them',
  schemas: () => ({
    params: userPath(),
    body: reasonBody(),
    responses: { 200: z.extend(adminUser(), { sessionsRevoked: z.number() }) },
  }),
  iam: readWrite,
});
export const usersUnblock = admin({
  name: 'usersUnblock',
  method: 'POST',
  path: '/admin/users/{id}/unblock',
  handler: 'src/functions/users-unblock/handler.handler',
  summary: 'Unblock',
  schemas: () => ({
    params: userPath(),
    body: reasonBody(),
    responses: { 200: adminUser() },
  }),
  iam: readWrite,
});
export const usersRevokeSessions = admin({
  name: 'usersRevokeSessions',
  method: 'POST',
  path: '/admin/users/{id}/revoke-sessions',
  handler: 'src/functions/users-revoke-sessions/handler.handler',
  summary: 'Sign the user out everywhere',
  schemas: () => ({
    params: userPath(),
    body: reasonBody(),
    responses: { 200: z.object({ revoked: z.number() }) },
  }),
  iam: readWrite,
});
export const usersSetRole = admin({
  name: 'usersSetRole',
  method: 'PUT',
  path: '/admin/users/{id}/role',
  handler: 'src/functions/users-set-role/handler.handler',
  summary: 'Grant or remove admin (never your own)',
  schemas: () => ({
    params: userPath(),
    body: z.object({ role: z.enum(['user', 'admin']), reason: z.optional(reason()) }),
    responses: { 200: adminUser() },
  }),
  iam: readWrite,
});
export const usersUnlockOtp = admin({
  name: 'usersUnlockOtp',
  method: 'POST',
  path: '/admin/users/{id}/unlock-otp',
  handler: 'src/functions/users-unlock-otp/handler.handler',
  summary: 'Clear a sign-in lockout (too many wrong codes)',
  schemas: () => ({
    params: userPath(),
    body: reasonBody(),
    responses: { 200: z.object({ wasLocked: z.boolean(), failedAttempts: z.number() }) },
  }),
  iam: readWrite,
});

// ── catalog: services ──
export const servicesList = admin({
  name: 'servicesList',
  method: 'GET',
  path: '/admin/services',
  handler: 'src/functions/services-list/handler.handler',
  summary: 'Every service (inactive ones too unless includeInactive=false)',
  schemas: () => ({
    query: listQuery(),
    responses: { 200: page(service()) },
  }),
  iam: readWrite,
});
export const servicesCreate = admin({
  name: 'servicesCreate',
  method: 'POST',
  path: '/admin/services',
  handler: 'src/functions/services-create/handler.handler',
  summary: 'Create a service',
  schemas: () => ({
    body: serviceInputSchema(),
    responses: { 201: service() },
  }),
  iam: readWrite,
});
export const servicesGet = admin({
  name: 'servicesGet',
  method: 'GET',
  path: '/admin/services/{id}',
  handler: 'src/functions/services-get/handler.handler',
  summary: 'One service',
  schemas: () => ({
    params: idPath(),
    responses: { 200: service() },
  }),
  iam: readWrite,
});
export const servicesUpdate = admin({
  name: 'servicesUpdate',
  method: 'PUT',
  path: '/admin/services/{id}',
  handler: 'src/functions/services-update/handler.handler',
  summary: 'Replace a service (active: false stops new bookings)',
  schemas: () => ({
    params: idPath(),
    body: serviceInputSchema(),
    responses: { 200: service() },
  }),
  iam: readWrite,
});
export const servicesDeactivate = admin({
  name: 'servicesDeactivate',
  method: 'DELETE',
  path: '/admin/services/{id}',
  handler: 'src/functions/services-deactivate/handler.handler',
  summary: 'Deactivate (reversible; booked appointments still happen)',
  schemas: () => ({
    params: idPath(),
    responses: { 200: service() },
  }),
  iam: readWrite,
});

// ── catalog: consultants ──
export const consultantsList = admin({
  name: 'consultantsList',
  method: 'GET',
  path: '/admin/consultants',
  handler: 'src/functions/consultants-list/handler.handler',
  summary: 'Every consultant',
  schemas: () => ({
    query: listQuery(),
    responses: { 200: page(consultant()) },
  }),
  iam: readWrite,
});
export const consultantsCreate = admin({
  name: 'consultantsCreate',
  method: 'POST',
  path: '/admin/consultants',
  handler: 'src/functions/consultants-create/handler.handler',
  summary: 'Create a consultant',
  schemas: () => ({
    body: consultantInputSchema(),
    responses: { 201: consultant() },
  }),
  iam: readWrite,
});
export const consultantsGet = admin({
  name: 'consultantsGet',
  method: 'GET',
  path: '/admin/consultants/{id}',
  handler: 'src/functions/consultants-get/handler.handler',
  summary: 'One consultant',
  schemas: () => ({
    params: idPath(),
    responses: { 200: consultant() },
  }),
  iam: readWrite,
});
export const consultantsUpdate = admin({
  name: 'consultantsUpdate',
  method: 'PUT',
  path: '/admin/consultants/{id}',
  handler: 'src/functions/consultants-update/handler.handler',
  summary: 'Replace profile, services, zone, hours, active flag (orphan policy applies)',
  schemas: () => ({
    params: idPath(),
    body: z.object({
      ...consultantInputSchema().shape,
      ...orphanPolicy(),
      expectedVersion: z.optional(z.number().check(z.int(), z.minimum(1))),
    }),
    responses: { 200: z.extend(consultant(), { cancelledAppointments: z.array(brief()) }) },
  }),
  timeout: 29,
  environment: 'custom:notifyEnv',
  iam: readWriteNotify,
});
export const consultantsDeactivate = admin({
  name: 'consultantsDeactivate',
  method: 'DELETE',
  path: '/admin/consultants/{id}',
  handler: 'src/functions/consultants-deactivate/handler.handler',
  summary: 'Deactivate (orphan policy in the query)',
  schemas: () => ({
    params: idPath(),
    query: z.object({ onConflict: orphanPolicy().onConflict, cancelReason: orphanPolicy().cancelReason }),
    responses: { 200: z.extend(consultant(), { cancelledAppointments: z.array(brief()) }) },
  }),
  timeout: 29,
  environment: 'custom:notifyEnv',
  iam: readWriteNotify,
});
export const scheduleGet = admin({
  name: 'scheduleGet',
  method: 'GET',
  path: '/admin/consultants/{id}/schedule',
  handler: 'src/functions/schedule-get/handler.handler',
  summary: 'Weekly hours, zone and time off',
  schemas: () => ({
    params: idPath(),
    responses: { 200: schedule() },
  }),
  iam: readWrite,
});
export const scheduleSet = admin({
  name: 'scheduleSet',
  method: 'PUT',
  path: '/admin/consultants/{id}/schedule',
  handler: 'src/functions/schedule-set/handler.handler',
  summary: 'Set weekly hours (and zone); orphan policy applies',
  schemas: () => ({
    params: idPath(),
    body: z.object({
      weeklyHours: weeklyHoursSchema(),
      timeZone: z.optional(timeZoneSchema()),
      ...orphanPolicy(),
    }),
    responses: { 200: z.extend(schedule(), { cancelledAppointments: z.array(brief()) }) },
  }),
  timeout: 29,
  environment: 'custom:notifyEnv',
  iam: readWriteNotify,
});
export const timeOffAdd = admin({
  name: 'timeOffAdd',
  method: 'POST',
  path: '/admin/consultants/{id}/time-off',
  handler: 'src/functions/time-off-add/handler.handler',
  summary: 'Add time off; orphan policy applies',
  schemas: () => ({
    params: idPath(),
    body: z.intersection(timeOffInputSchema(), z.object(orphanPolicy())),
    responses: { 201: z.looseObject({ timeOffId: z.string(), cancelledAppointments: z.array(brief()) }) },
  }),
  timeout: 29,
  environment: 'custom:notifyEnv',
  iam: readWriteNotify,
});
export const timeOffRemove = admin({
  name: 'timeOffRemove',
  method: 'DELETE',
  path: '/admin/consultants/{id}/time-off/{timeOffId}',
  handler: 'src/functions/time-off-remove/handler.handler',
  summary: 'Remove time off (nothing to orphan)',
  schemas: () => ({
    params: z.object({ id: id(), timeOffId: id() }),
    responses: { 200: z.object({ removed: z.string() }) },
  }),
  iam: readWrite,
});

// ── appointments ──
export const appointmentsList = admin({
  name: 'appointmentsList',
  method: 'GET',
  path: '/admin/appointments',
  handler: 'src/functions/appointments-list/handler.handler',
  summary:
    'Appointments by start time; from/to are days (whole days in the business time zone) or instants, default today + 7 days',
  schemas: () => ({
    query: z.object({
      from: z.optional(dayOrInstant()),
      to: z.optional(dayOrInstant()),
      consultantId: z.optional(id()),
      status: z.optional(z.enum(APPOINTMENT_STATUSES)),
      userId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
      cursor: z.optional(z.string().check(z.maxLength(1024))),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 25),
    }),
    responses: { 200: z.extend(page(appointment()), { from: z.string(), to: z.string() }) },
  }),
  environment: { BUSINESS_TIME_ZONE: 'custom:businessTimeZone' },
  iam: readWrite,
});
export const appointmentsBook = admin({
  name: 'appointmentsBook',
  method: 'POST',
  path: '/admin/appointments',
  handler: 'src/functions/appointments-book/handler.handler',
  summary: "Book on a customer's behalf (Idempotency-Key honoured; the customer is told)",
  schemas: () => ({
    body: z.object({
      userId: z.string().check(z.minLength(1), z.maxLength(128)),
      serviceId: id(),
      consultantId: id(),
      start: isoInstant(),
      ignoreNotice: z._default(z.boolean(), false),
    }),
    responses: { 200: appointment(), 201: appointment() },
  }),
  environment: 'custom:notifyEnv',
  iam: [...readWriteNotify, { actions: ['dynamodb:ConditionCheckItem'], resources: ['custom:tableArn'] }],
});
export const appointmentsGet = admin({
  name: 'appointmentsGet',
  method: 'GET',
  path: '/admin/appointments/{id}',
  handler: 'src/functions/appointments-get/handler.handler',
  summary: 'One appointment',
  schemas: () => ({
    params: idPath(),
    responses: { 200: appointment() },
  }),
  iam: readWrite,
});
export const appointmentsCancel = admin({
  name: 'appointmentsCancel',
  method: 'POST',
  path: '/admin/appointments/{id}/cancel',
  handler: 'src/functions/appointments-cancel/handler.handler',
  summary: 'Cancel (no cut-off for staff); the customer is told',
  schemas: () => ({
    params: idPath(),
    body: z.object({ reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)) }),
    responses: { 200: appointment() },
  }),
  environment: 'custom:notifyEnv',
  iam: [...readWriteNotify, { actions: ['dynamodb:ConditionCheckItem'], resources: ['custom:tableArn'] }],
});
export const appointmentsReschedule = admin({
  name: 'appointmentsReschedule',
  method: 'POST',
  path: '/admin/appointments/{id}/reschedule',
  handler: 'src/functions/appointments-reschedule/handler.handler',
  summary: 'Move (no cut-off for staff); the customer is told',
  schemas: () => ({
    params: idPath(),
    body: z.object({
      start: isoInstant(),
      consultantId: z.optional(id()),
      ignoreNotice: z._default(z.boolean(), false),
    }),
    responses: { 200: appointment() },
  }),
  environment: 'custom:notifyEnv',
  iam: [...readWriteNotify, { actions: ['dynamodb:ConditionCheckItem'], resources: ['custom:tableArn'] }],
});
/** Longest range of one staff availability request (days). */
export const AVAILABILITY_MAX_DAYS = 14;
const dayCount = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
export const availabilityStaff = admin({
  name: 'availabilityStaff',
  method: 'GET',
  path: '/admin/availability',
  handler: 'src/functions/availability-staff/handler.handler',
  summary:
    'Free slots for staff: the customer rules without the minimum notice (staff may book soon, never in the past); one `date` or `from`..`to` (days, at most 14)',
  schemas: () => ({
    query: z
      .object({
        serviceId: id(),
        consultantId: z.optional(id()),
        date: z.optional(z.iso.date()),
        from: z.optional(z.iso.date()),
        to: z.optional(z.iso.date()),
        timeZone: z.optional(timeZoneSchema()),
      })
      .check(
        z.refine((q) => (q.date === undefined) !== (q.from === undefined), {
          path: ['date'],
          message: 'give either date or from (with an optional to)',
        }),
        z.refine((q) => !q.to || (q.from !== undefined && q.to >= q.from), {
          path: ['to'],
          message: 'to goes with from and is not before it',
        }),
        z.refine((q) => !q.from || dayCount(q.from, q.to ?? q.from) <= AVAILABILITY_MAX_DAYS, {
          path: ['to'],
          message: `at most ${AVAILABILITY_MAX_DAYS} days`,
        }),
      ),
    responses: {
      200: z.object({
        from: z.string(),
        to: z.string(),
        timeZone: z.nullable(z.string()),
        slots: z.array(z.looseObject({ start: z.string(), end: z.string(), consultantId: z.string() })),
      }),
    },
  }),
  iam: readOnly,
});
const outcomeBody = z.deferred(() =>
  z._default(
    z.object({ note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))) }),
    {},
  ),
);
export const appointmentsComplete = admin({
  name: 'appointmentsComplete',
  method: 'POST',
  path: '/admin/appointments/{id}/complete',
  handler: 'src/functions/appointments-complete/handler.handler',
  summary: 'Mark completed (only once it has started)',
  schemas: () => ({
    params: idPath(),
    body: outcomeBody(),
    responses: { 200: appointment() },
  }),
  iam: readWrite,
});
export const appointmentsNoShow = admin({
  name: 'appointmentsNoShow',
  method: 'POST',
  path: '/admin/appointments/{id}/no-show',
  handler: 'src/functions/appointments-no-show/handler.handler',
  summary: 'Mark no-show (only once it has started)',
  schemas: () => ({
    params: idPath(),
    body: outcomeBody(),
    responses: { 200: appointment() },
  }),
  iam: readWrite,
});

// ── conversations ──
/** Who answers the customer on Messenger: the bot, or people in the Page Inbox (bot paused). */
export const THREAD_OWNERS = ['bot', 'inbox'] as const;
const recentConversation = z.deferred(() =>
  z.looseObject({
    psid: z.string(),
    customer: z.nullable(
      z.looseObject({ userId: z.string(), email: z.string(), name: z.nullable(z.string()) }),
    ),
    lastInboundAt: z.string(),
    lastMessage: z.nullable(
      z.looseObject({ direction: z.enum(['in', 'out']), text: z.nullable(z.string()), time: z.string() }),
    ),
    state: z.enum(THREAD_OWNERS),
    stateSince: z.nullable(z.string()),
  }),
);
export const conversationsList = admin({
  name: 'conversationsList',
  method: 'GET',
  path: '/admin/conversations',
  handler: 'src/functions/conversations-list/handler.handler',
  summary:
    'Recent Messenger conversations, newest customer message first: the customer, the last message, and whether the bot or the Page Inbox answers',
  schemas: () => ({
    query: z.object(pageQuery()),
    responses: { 200: page(recentConversation()) },
  }),
  // The page of listing entries, then the conversations' state in one BatchGetItem.
  iam: [tableRead, { actions: ['dynamodb:BatchGetItem'], resources: ['custom:tableArn'] }],
});
export const messagesList = admin({
  name: 'messagesList',
  method: 'GET',
  path: '/admin/users/{id}/messages',
  handler: 'src/functions/messages-list/handler.handler',
  summary: "A customer's Messenger conversation, newest first",
  schemas: () => ({
    params: userPath(),
    query: z.object(pageQuery()),
    responses: {
      200: z.extend(page(obj()), {
        lastInboundAt: z.nullable(z.string()),
        // Who answers the customer now, and since when (the hand-over), as in GET /admin/conversations.
        state: z.enum(THREAD_OWNERS),
        stateSince: z.nullable(z.string()),
      }),
    },
  }),
  iam: readWrite,
});
export const messagesSend = admin({
  name: 'messagesSend',
  method: 'POST',
  path: '/admin/users/{id}/messages',
  handler: 'src/functions/messages-send/handler.handler',
  summary: 'A staff message through the Send API (24 h window, then HUMAN_AGENT for 7 days)',
  schemas: () => ({
    params: userPath(),
    body: z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)) }),
    responses: { 200: z.object({ messageIds: z.array(z.string()), messagingType: z.string() }) },
  }),
  environment: 'custom:notifyEnv',
  iam: [tableRead, tableWrite, notify[0] as IamGrant],
});
export const threadControl = admin({
  name: 'threadControl',
  method: 'POST',
  path: '/admin/users/{id}/thread-control',
  handler: 'src/functions/thread-control/handler.handler',
  summary:
    "Give the thread to the bot (take it back from the Page Inbox; the default) or to the Page Inbox (the bot pauses): {owner: 'bot'|'inbox'}",
  schemas: () => ({
    params: userPath(),
    body: z._default(z.object({ owner: z._default(z.enum(THREAD_OWNERS), 'bot') }), {
      owner: 'bot' as const,
    }),
    responses: { 200: z.object({ threadOwner: z.enum(THREAD_OWNERS) }) },
  }),
  environment: 'custom:notifyEnv',
  iam: [tableRead, tableWrite, notify[0] as IamGrant],
});

// ── audit ──
export const auditList = admin({
  name: 'auditList',
  method: 'GET',
  path: '/admin/audit',
  handler: 'src/functions/audit-list/handler.handler',
  summary: 'Staff writes, newest first; by target or actor, and by time',
  schemas: () => ({
    query: z
      .object({
        ...pageQuery(),
        targetType: z.optional(z.string().check(z.minLength(1), z.maxLength(40))),
        targetId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
        actorId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
        from: z.optional(z.union([z.iso.datetime(), z.iso.date()])),
        to: z.optional(z.union([z.iso.datetime(), z.iso.date()])),
      })
      .check(
        z.refine((q) => !q.targetType === !q.targetId, {
          path: ['targetId'],
          message: 'targetType and targetId go together',
        }),
      ),
    responses: { 200: page(obj()) },
  }),
  iam: readOnly,
});

// ── analytics ──
const athena: IamGrant[] = [
  {
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    resources: ['custom:tableArn'],
  },
  {
    actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'],
    resources: ['custom:athenaWorkGroupArn'],
  },
  {
    actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:CreateTable', 'glue:GetPartitions'],
    resources: ['custom:glueCatalogArn', 'custom:glueDatabaseArn', 'custom:glueTableArn'],
  },
  { actions: ['s3:GetBucketLocation', 's3:ListBucket'], resources: ['custom:bucketArn'] },
  { actions: ['s3:GetObject'], resources: ['custom:eventsArn'] },
  {
    actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    resources: ['custom:athenaResultsArn'],
  },
];
const athenaEnv = { ATHENA_WORKGROUP: 'custom:athenaWorkGroup', ATHENA_DATABASE: 'custom:athenaDatabase' };
export const reportsList = admin({
  name: 'reportsList',
  method: 'GET',
  path: '/admin/analytics/reports',
  handler: 'src/functions/reports-list/handler.handler',
  summary: 'The named reports a client may run',
  schemas: () => ({
    responses: { 200: z.object({ items: z.array(z.object({ name: z.string(), description: z.string() })) }) },
  }),
  iam: [],
});
export const queriesStart = admin({
  name: 'queriesStart',
  method: 'POST',
  path: '/admin/analytics/queries',
  handler: 'src/functions/queries-start/handler.handler',
  summary: 'Run a named report (an identical query inside the cache window returns the earlier id)',
  schemas: () => ({
    body: z.intersection(
      z.object({ report: z.enum(REPORT_NAMES), fresh: z._default(z.boolean(), false) }),
      reportParams(),
    ),
    responses: { 202: z.object({ queryId: z.string(), cached: z.boolean() }) },
  }),
  // Each uncached run is billed by Athena: a generous per-admin cap stops a runaway script.
  rateLimit: { name: 'admin-analytics', limit: 60, windowSeconds: 60 },
  timeout: 20,
  environment: athenaEnv,
  iam: athena,
});
export const queriesGet = admin({
  name: 'queriesGet',
  method: 'GET',
  path: '/admin/analytics/queries/{queryId}',
  handler: 'src/functions/queries-get/handler.handler',
  summary: 'A query’s status and, once it succeeded, its rows',
  schemas: () => ({
    params: z.object({ queryId: z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/, 'not a query id')) }),
    responses: {
      200: z.looseObject({ queryId: z.string(), status: z.string(), rows: z.nullable(z.array(obj())) }),
    },
  }),
  timeout: 20,
  environment: athenaEnv,
  iam: athena,
});

export const routeTable: RouteTable = {
  service: 'admin-api',
  title: 'bookingbot admin-api',
  description: 'Staff REST API: users, catalog, schedules, appointments, conversations, audit, analytics.',
  throttle: { rate: 50, burst: 100 },
  routes: [
    health,
    openapi,
    usersSearch,
    usersGet,
    usersBlock,
    usersUnblock,
    usersRevokeSessions,
    usersSetRole,
    usersUnlockOtp,
    servicesList,
    servicesCreate,
    servicesGet,
    servicesUpdate,
    servicesDeactivate,
    consultantsList,
    consultantsCreate,
    consultantsGet,
    consultantsUpdate,
    consultantsDeactivate,
    scheduleGet,
    scheduleSet,
    timeOffAdd,
    timeOffRemove,
    appointmentsList,
    appointmentsBook,
    appointmentsGet,
    appointmentsCancel,
    appointmentsReschedule,
    appointmentsComplete,
    appointmentsNoShow,
    availabilityStaff,
    conversationsList,
    messagesList,
    messagesSend,
    threadControl,
    auditList,
    reportsList,
    queriesStart,
    queriesGet,
  ],
};
