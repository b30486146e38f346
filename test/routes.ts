/**
 * THE route table: every HTTP route of every service, with who may call it. The infrastructure
 * test fails when a packaged route is missing here (or listed but not packaged), and the
 * authorization matrix (issue 9) is generated from it. Add a line with every new route.
 */
export type Access = 'public' | 'user' | 'admin';
export type ServiceName = 'auth-otp' | 'messenger-webhook' | 'user-api' | 'admin-api';

export interface RouteSpec {
  service: ServiceName;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path with `{param}` placeholders. */
  path: string;
  access: Access;
}

export const ROUTES: RouteSpec[] = [
  { service: 'auth-otp', method: 'GET', path: '/health', access: 'public' },
  { service: 'messenger-webhook', method: 'GET', path: '/health', access: 'public' },
  { service: 'user-api', method: 'GET', path: '/health', access: 'public' },
  { service: 'admin-api', method: 'GET', path: '/health', access: 'public' },
];
