// Typed clients of the APIs behind the site's own origin (the edge in production, the local web
// server in development): /api → user-api, /admin → admin-api. Types come from the services' route
// tables (see api-types.ts); every call goes through openapi-fetch, no hand-written fetch.
import createClient, { type Middleware } from 'openapi-fetch';
import type { UserPaths } from './api-types';
import { accessToken, sessionLost } from './auth';

/** Adds the in-memory access token; a 401 means the session ended (revoked, blocked, expired). */
const bearer: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401) sessionLost();
    return response;
  },
};

const origin = globalThis.location?.origin ?? '';

/** user-api (customers). */
export const userApi = createClient<UserPaths>({ baseUrl: `${origin}/api` });
userApi.use(bearer);

export { bearer as bearerMiddleware };
