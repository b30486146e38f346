// The typed admin-api client (/admin/* on the site's origin), with the shared bearer middleware of
// ../shared/api. Interim route types in openapi-typescript's `paths` shape, like ../shared/api-types,
// until admin-api publishes its OpenAPI document; the console calls nothing else by hand.
import createClient from 'openapi-fetch';
import { bearerMiddleware } from '../shared/api';
import type { paths as Generated } from '../shared/api/admin-api';
import type {
  Appointment,
  Body,
  Get,
  NoContent,
  Ok,
  Params,
  Post,
  ProblemDetails,
} from '../shared/api-types';

export type { Appointment };
export type Status = Appointment['status'];

export interface AdminAppointment extends Appointment {
  serviceName: string;
  consultantName: string;
  timeZone: string;
  history?: { at: string; action: string; by?: string }[];
}
export interface AdminService {
  serviceId: string;
  name: string;
  description?: string;
  durationMinutes: number;
  bufferAfterMinutes: number;
  priceText?: string;
  active: boolean;
  version?: number;
}
export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export type WeeklyHours = Partial<Record<Day, { start: string; end: string }[]>>;
export interface TimeOff {
  timeOffId: string;
  start: string;
  end: string;
  reason?: string;
}
export interface AdminConsultant {
  consultantId: string;
  name: string;
  timeZone: string;
  serviceIds: string[];
  weeklyHours: WeeklyHours;
  bio?: string;
  active: boolean;
  timeOff?: TimeOff[];
  version?: number;
}
export interface Schedule {
  timeZone: string;
  weeklyHours: WeeklyHours;
  timeOff: TimeOff[];
  version: number;
}
export interface AdminUser {
  userId: string;
  email: string;
  name: string | null;
  role: 'user' | 'admin';
  blocked: boolean;
  psidLinked: boolean;
  timeZone: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface SessionView {
  sessionId: string;
  device?: string;
  createdAt: string;
  lastUsedAt?: string;
}
/** A row of GET /admin/conversations. */
export type RecentConversation =
  Generated['/admin/conversations']['get']['responses'][200]['content']['application/json']['items'][number];
export type ThreadOwner = RecentConversation['state'];
export interface Message {
  direction: 'in' | 'out';
  /** `text`, `quick_replies`, `buttons`, `generic`, `postback`, `attachment`. */
  kind: string;
  text?: string;
  mid?: string;
  time: string;
}
export interface AuditEntry {
  auditId: string;
  at: string;
  actor: { userId: string; sessionId?: string };
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  reason?: string;
}
export interface QueryState {
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  rows?: Record<string, string | number | null>[];
  bytesScanned?: number;
  report: string;
  error?: string;
}
/** The 409 of a schedule change that would strand booked appointments. */
export interface OrphanProblem extends ProblemDetails {
  appointments?: { appointmentId: string; userId: string; serviceId: string; start: string; end: string }[];
}

type Page<T> = { items: T[]; nextCursor: string | null };
type Id = { id: string };
type Put<B, T, P = never> = { parameters: Params<never, P>; requestBody: Body<B>; responses: Ok<T> };
type Del<T, Q = never, P = never> = { parameters: Params<Q, P>; requestBody?: never; responses: Ok<T> };
type Reason = { reason?: string };
type OrphanPolicy = { onConflict?: 'refuse' | 'cancel'; cancelReason?: string };

export interface AdminPaths {
  '/admin/appointments': {
    get: Get<
      Page<AdminAppointment>,
      {
        from: string;
        to: string;
        consultantId?: string;
        status?: Status;
        userId?: string;
        cursor?: string;
        limit?: number;
      }
    >;
    post: Post<
      { userId: string; serviceId: string; consultantId: string; start: string; ignoreNotice?: boolean },
      AdminAppointment,
      201
    >;
  };
  '/admin/appointments/{id}/cancel': { post: Post<{ reason: string }, AdminAppointment, 200, Id> };
  '/admin/appointments/{id}/reschedule': {
    post: Post<{ start: string; consultantId?: string; ignoreNotice?: boolean }, AdminAppointment, 200, Id>;
  };
  '/admin/appointments/{id}/complete': { post: Post<{ note?: string }, AdminAppointment, 200, Id> };
  '/admin/appointments/{id}/no-show': { post: Post<{ note?: string }, AdminAppointment, 200, Id> };
  '/admin/services': {
    get: Get<Page<AdminService>, { includeInactive?: boolean }>;
    post: Post<Omit<AdminService, 'serviceId' | 'version'>, AdminService, 201>;
  };
  '/admin/services/{id}': {
    put: Put<Omit<AdminService, 'serviceId'>, AdminService, Id>;
    delete: Del<AdminService, never, Id>;
  };
  '/admin/consultants': {
    get: Get<Page<AdminConsultant>, { includeInactive?: boolean }>;
    post: Post<Omit<AdminConsultant, 'consultantId' | 'version' | 'timeOff'>, AdminConsultant, 201>;
  };
  '/admin/consultants/{id}': {
    put: Put<Omit<AdminConsultant, 'consultantId' | 'timeOff'> & OrphanPolicy, AdminConsultant, Id>;
    delete: Del<AdminConsultant, OrphanPolicy, Id>;
  };
  '/admin/consultants/{id}/schedule': {
    get: Get<Schedule, never, Id>;
    put: Put<{ weeklyHours: WeeklyHours; timeZone?: string } & OrphanPolicy, Schedule, Id>;
  };
  '/admin/consultants/{id}/time-off': {
    post: Post<{ start: string; end: string; reason?: string } & OrphanPolicy, TimeOff, 201, Id>;
  };
  '/admin/consultants/{id}/time-off/{timeOffId}': {
    delete: {
      parameters: Params<never, { id: string; timeOffId: string }>;
      responses: NoContent | Ok<unknown>;
    };
  };
  '/admin/users': { get: Get<Page<AdminUser>, { query?: string; cursor?: string; limit?: number }> };
  '/admin/users/{id}': { get: Get<AdminUser & { sessions: SessionView[] }, never, Id> };
  '/admin/users/{id}/block': { post: Post<Reason, AdminUser, 200, Id> };
  '/admin/users/{id}/unblock': { post: Post<Reason, AdminUser, 200, Id> };
  '/admin/users/{id}/revoke-sessions': { post: Post<Reason, { revoked: number }, 200, Id> };
  '/admin/users/{id}/role': { put: Put<{ role: 'user' | 'admin'; reason?: string }, AdminUser, Id> };
  '/admin/users/{id}/unlock-otp': {
    post: Post<Reason, { wasLocked: boolean; failedAttempts: number }, 200, Id>;
  };
  '/admin/users/{id}/messages': {
    get: {
      parameters: Params<{ cursor?: string; limit?: number }, Id>;
      requestBody?: never;
      responses: Ok<
        Page<Message> & { lastInboundAt: string | null; state: ThreadOwner; stateSince: string | null }
      >;
    };
    post: Post<
      { text: string },
      { messageIds: string[]; messagingType: 'RESPONSE' | 'HUMAN_AGENT' },
      200,
      Id
    >;
  };
  // Typed from admin-api's OpenAPI document (apps/web/scripts/gen-api.mjs).
  '/admin/users/{id}/thread-control': Generated['/admin/users/{id}/thread-control'];
  '/admin/conversations': Generated['/admin/conversations'];
  '/admin/availability': Generated['/admin/availability'];
  '/admin/audit': {
    get: Get<
      Page<AuditEntry>,
      {
        targetType?: string;
        targetId?: string;
        actorId?: string;
        from?: string;
        to?: string;
        cursor?: string;
        limit?: number;
      }
    >;
  };
  '/admin/analytics/reports': { get: Get<{ items: { name: string; description: string }[] }> };
  '/admin/analytics/queries': {
    post: Post<
      { report: string; from: string; to: string; fresh?: boolean },
      { queryId: string; cached: boolean },
      202
    >;
  };
  '/admin/analytics/queries/{queryId}': { get: Get<QueryState, never, { queryId: string }> };
}

export const adminApi = createClient<AdminPaths>({ baseUrl: globalThis.location?.origin ?? '' });
adminApi.use(bearerMiddleware);
