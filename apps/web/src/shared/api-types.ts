// The API shapes the app uses, derived from the types generated from the services' OpenAPI
// documents (./api/*.ts, by scripts/gen-api.mjs from the route tables): nothing here is written by
// hand except the small generic helpers below, which console/api.ts still uses for admin routes.
import type { paths as AuthOtpPaths } from './api/auth-otp';
import type { components, paths as UserApiPaths } from './api/user-api';

export type AuthPaths = AuthOtpPaths;
export type UserPaths = UserApiPaths;

/** The JSON body of a successful answer of `path`/`method` with that status. */
type Answer<P, S extends number = 200> = P extends { responses: infer R }
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer T } }
      ? T
      : never
    : never
  : never;

export type ProblemDetails = components['schemas']['Problem'];
export type Service = Answer<UserPaths['/services']['get']>['services'][number];
export type Consultant = Answer<UserPaths['/consultants']['get']>['consultants'][number];
export type Slot = Answer<UserPaths['/availability']['get']>['slots'][number];
type AppointmentItem = Answer<UserPaths['/appointments']['get']>['items'][number];
/**
 * A customer's appointment: the document's declared members (`history` and any extra member stay
 * loose: the customer screens do not read them; console/api.ts narrows what it needs).
 */
export type Appointment = Pick<
  AppointmentItem,
  'appointmentId' | 'userId' | 'serviceId' | 'consultantId' | 'start' | 'end' | 'status'
> & { history?: unknown; channel?: unknown; cancelReason?: unknown };
export type Profile = Answer<UserPaths['/me']['get']>;
export type TokenPair = Answer<AuthPaths['/auth/otp/verify']['post']>;

/** A string member of a loosely typed object (the documents allow extra members). */
export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// ── Generic helpers in openapi-typescript's shape (for routes typed by hand in console/api.ts) ──
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
export type Get<T, Q = never, P = never> = {
  parameters: Params<Q, P>;
  requestBody?: never;
  responses: Ok<T>;
};
export type Post<B, T, S extends 200 | 201 | 202 = 200, P = never> = {
  parameters: Params<never, P>;
  requestBody: Body<B>;
  responses: Ok<T, S>;
};
