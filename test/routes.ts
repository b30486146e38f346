/**
 * Every HTTP route of every service, read from the services' route tables
 * (`services/<svc>/src/routes.ts`, the one declaration the deployment and the OpenAPI documents
 * come from). The infrastructure test checks the packaged templates against it; the authorization
 * matrix and the fuzzers iterate it. Adding a route to a table adds it here.
 */
import type { RouteDef, RouteTable } from '@bookingbot/common/routes';
import { routeTable as adminApi } from '../services/admin-api/src/routes';
import { routeTable as authOtp } from '../services/auth-otp/src/routes';
import { routeTable as messengerWebhook } from '../services/messenger-webhook/src/routes';
import { routeTable as userApi } from '../services/user-api/src/routes';

/** `signature` routes (Meta's webhook) are public to API Gateway: the handler checks the caller. */
export type Access = 'public' | 'user' | 'admin';
export type ServiceName = 'auth-otp' | 'messenger-webhook' | 'user-api' | 'admin-api';

export interface RouteSpec {
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  access: Access;
  /** `src/functions/<fn>/handler.<export>` relative to the service (when read from a table). */
  handler?: string;
  /** The table entry itself (schemas, limits), when the service has a table. */
  def?: RouteDef;
}

export const TABLES: RouteTable[] = [authOtp, messengerWebhook, userApi, adminApi];

const fromTable = (t: RouteTable): RouteSpec[] =>
  t.routes.map((r) => ({
    service: t.service,
    method: r.method,
    path: r.path,
    access: r.access === 'signature' ? 'public' : r.access,
    handler: r.handler,
    def: r,
  }));

export const ROUTES: RouteSpec[] = TABLES.flatMap(fromTable);
