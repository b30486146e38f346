// Interim types of the routes the app calls, in openapi-typescript's `paths` shape, until the
// services' OpenAPI documents exist; then this file is generated (npm run gen:api) and replaced.
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  reason?: string;
  errors?: { field: string; message: string }[];
}

export interface Service {
  serviceId: string;
  name: string;
  description?: string;
  durationMinutes: number;
  bufferAfterMinutes: number;
  priceText?: string;
}
export interface Consultant {
  consultantId: string;
  name: string;
  bio?: string;
  serviceIds: string[];
  timeZone: string;
}
export interface Slot {
  start: string;
  end: string;
  consultantId: string;
}
export interface Appointment {
  appointmentId: string;
  userId: string;
  consultantId: string;
  serviceId: string;
  start: string;
  end: string;
  status: 'booked' | 'cancelled' | 'completed' | 'no_show';
  channel: string;
  cancelReason?: string;
}
export interface TokenPair {
  accessToken: string;
  refreshToken?: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshExpiresAt: string;
}
export interface Profile {
  userId: string;
  email: string;
  name: string | null;
  timeZone: string | null;
  locale: string | null;
  role: 'user' | 'admin';
}

export type Headers = { [name: string]: unknown };
export type Ok<T, S extends 200 | 201 | 202 = 200> = {
  [K in S]: { headers: Headers; content: { 'application/json': T } };
} & { default: { headers: Headers; content: { 'application/problem+json': ProblemDetails } } };
export type NoContent = {
  204: { headers: Headers; content?: never };
  default: { headers: Headers; content: { 'application/problem+json': ProblemDetails } };
};
export type Params<Q = never, P = never> = ([Q] extends [never]
  ? { query?: never }
  : Record<never, never> extends Q
    ? { query?: Q }
    : { query: Q }) &
  ([P] extends [never] ? { path?: never } : { path: P }) & { header?: never; cookie?: never };
export type Body<T> = { content: { 'application/json': T } };
export type Get<T, Q = never, P = never> = { parameters: Params<Q, P>; requestBody?: never; responses: Ok<T> };
export type Post<B, T, S extends 200 | 201 | 202 = 200, P = never> = {
  parameters: Params<never, P>;
  requestBody: Body<B>;
  responses: Ok<T, S>;
};

export interface AuthPaths {
  '/auth/otp/request': { post: Post<{ email: string }, { expiresIn: number; resendAfter: number }, 202> };
  '/auth/otp/verify': { post: Post<{ email: string; code: string; mode?: 'cookie' }, TokenPair> };
  '/auth/token/refresh': { post: Post<{ refreshToken?: string; mode?: 'cookie' }, TokenPair> };
  '/auth/logout': {
    post: { parameters: Params; requestBody?: Body<{ mode?: 'cookie' }>; responses: NoContent };
  };
}

export interface UserPaths {
  '/me': { get: Get<Profile>; patch: Post<{ timeZone?: string; locale?: string }, Profile> };
  '/services': { get: Get<{ services: Service[] }> };
  '/consultants': { get: Get<{ consultants: Consultant[] }, { serviceId?: string }> };
  '/availability': {
    get: Get<
      { date: string; timeZone: string | null; slots: Slot[] },
      { serviceId: string; date: string; consultantId?: string; timeZone?: string }
    >;
  };
  '/appointments': {
    get: Get<
      { appointments: Appointment[]; cursor: string | null },
      { status?: Appointment['status']; limit?: number; order?: 'asc' | 'desc'; cursor?: string }
    >;
    post: Post<{ serviceId: string; consultantId: string; start: string }, Appointment, 201>;
  };
  '/appointments/{id}/cancel': { post: Post<{ reason?: string }, Appointment, 200, { id: string }> };
  '/appointments/{id}/reschedule': {
    post: Post<{ start: string; consultantId?: string }, Appointment, 200, { id: string }>;
  };
}
