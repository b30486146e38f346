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
  { service: 'auth-otp', method: 'POST', path: '/auth/otp/request', access: 'public' },
  { service: 'auth-otp', method: 'POST', path: '/auth/otp/verify', access: 'public' },
  { service: 'auth-otp', method: 'POST', path: '/auth/token/refresh', access: 'public' },
  { service: 'auth-otp', method: 'POST', path: '/auth/logout', access: 'user' },
  { service: 'auth-otp', method: 'GET', path: '/auth/sessions', access: 'user' },
  { service: 'auth-otp', method: 'DELETE', path: '/auth/sessions/{id}', access: 'user' },
  { service: 'auth-otp', method: 'GET', path: '/.well-known/jwks.json', access: 'public' },
  { service: 'messenger-webhook', method: 'GET', path: '/health', access: 'public' },
  // Meta calls these: the verify token (GET) and X-Hub-Signature-256 (POST) authenticate them.
  { service: 'messenger-webhook', method: 'GET', path: '/webhook', access: 'public' },
  { service: 'messenger-webhook', method: 'POST', path: '/webhook', access: 'public' },
  { service: 'user-api', method: 'GET', path: '/health', access: 'public' },
  { service: 'user-api', method: 'GET', path: '/me', access: 'user' },
  { service: 'user-api', method: 'PATCH', path: '/me', access: 'user' },
  { service: 'user-api', method: 'GET', path: '/services', access: 'user' },
  { service: 'user-api', method: 'GET', path: '/consultants', access: 'user' },
  { service: 'user-api', method: 'GET', path: '/availability', access: 'user' },
  { service: 'user-api', method: 'GET', path: '/appointments', access: 'user' },
  { service: 'user-api', method: 'POST', path: '/appointments', access: 'user' },
  { service: 'user-api', method: 'GET', path: '/appointments/{id}', access: 'user' },
  { service: 'user-api', method: 'POST', path: '/appointments/{id}/cancel', access: 'user' },
  { service: 'user-api', method: 'POST', path: '/appointments/{id}/reschedule', access: 'user' },
  { service: 'admin-api', method: 'GET', path: '/health', access: 'public' },
  { service: 'admin-api', method: 'GET', path: '/admin/users', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/users/{id}', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/block', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/unblock', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/revoke-sessions', access: 'admin' },
  { service: 'admin-api', method: 'PUT', path: '/admin/users/{id}/role', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/unlock-otp', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/services', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/services', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/services/{id}', access: 'admin' },
  { service: 'admin-api', method: 'PUT', path: '/admin/services/{id}', access: 'admin' },
  { service: 'admin-api', method: 'DELETE', path: '/admin/services/{id}', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/consultants', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/consultants', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/consultants/{id}', access: 'admin' },
  { service: 'admin-api', method: 'PUT', path: '/admin/consultants/{id}', access: 'admin' },
  { service: 'admin-api', method: 'DELETE', path: '/admin/consultants/{id}', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/consultants/{id}/schedule', access: 'admin' },
  { service: 'admin-api', method: 'PUT', path: '/admin/consultants/{id}/schedule', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/consultants/{id}/time-off', access: 'admin' },
  {
    service: 'admin-api',
    method: 'DELETE',
    path: '/admin/consultants/{id}/time-off/{timeOffId}',
    access: 'admin',
  },
  { service: 'admin-api', method: 'GET', path: '/admin/appointments', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/appointments', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/appointments/{id}', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/appointments/{id}/cancel', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/appointments/{id}/reschedule', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/appointments/{id}/complete', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/appointments/{id}/no-show', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/users/{id}/messages', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/messages', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/users/{id}/thread-control', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/audit', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/analytics/reports', access: 'admin' },
  { service: 'admin-api', method: 'POST', path: '/admin/analytics/queries', access: 'admin' },
  { service: 'admin-api', method: 'GET', path: '/admin/analytics/queries/{queryId}', access: 'admin' },
];
