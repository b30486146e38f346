/**
 * Every HTTP route of auth-otp, declared once: the plugin in infra/ makes one Lambda function per
 * entry (with its IAM role and the authorizer when `access` asks for it), the handlers take their
 * validation from here (`routeOptions`), the tests list routes from here, and `GET /openapi.json`
 * is generated from these schemas. The authorizer itself is in serverless.yml (not a route).
 */
import { health, openapi, type RouteTable, route } from '@bookingbot/common/routes';
import * as z from '@bookingbot/common/schema';

// Shared schemas are `z.deferred`: built on first use, so a function builds its own route's only.
const email = z.deferred(() => z.email().check(z.maxLength(254)));
/** `"cookie"`: browser mode, the refresh token as an HttpOnly cookie (services/auth-otp/src/refresh-cookie.ts). */
const browserMode = z.deferred(() => z.optional(z.literal('cookie')));
const sessionsLimit = { name: 'auth-sessions', limit: 120, windowSeconds: 60 };

const tokenPair = z.deferred(() =>
  z.object({
    accessToken: z.string(),
    /** Absent in browser mode: the refresh token is then the HttpOnly cookie (refresh-cookie.ts). */
    refreshToken: z.optional(z.string()),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().check(z.int()),
    refreshExpiresAt: z.iso.datetime(),
  }),
);

const table = { actions: [] as string[], resources: ['custom:tableArn'] };
const dynamo = (...actions: string[]) => ({ ...table, actions: actions.map((a) => `dynamodb:${a}`) });
const ssm = (...refs: string[]) => ({
  actions: ['ssm:GetParameter'],
  resources: refs.map((r) => `custom:${r}`),
});

export { health, openapi };

export const otpRequest = route({
  name: 'otpRequest',
  method: 'POST',
  path: '/auth/otp/request',
  access: 'public',
  handler: 'src/functions/otp-request/handler.handler',
  summary: 'Email a one-time code (202 for every well-formed address, known or not)',
  schemas: () => ({
    body: z.object({ email: email() }),
    responses: {
      202: z.object({ expiresIn: z.number().check(z.int()), resendAfter: z.number().check(z.int()) }),
    },
  }),
  // Each request sends an email (cost, reputation): far tighter than reads.
  throttle: { rate: 5, burst: 10 },
  environment: { OTP_PEPPER_PARAM: 'param:otpPepperParam', SES_FROM: 'custom:sesFrom' },
  iam: [
    dynamo('GetItem', 'UpdateItem', 'PutItem'),
    { actions: ['ses:SendEmail'], resources: ['custom:sesIdentityArn'] },
    ssm('otpPepperArn'),
  ],
});

export const otpVerify = route({
  name: 'otpVerify',
  method: 'POST',
  path: '/auth/otp/verify',
  access: 'public',
  handler: 'src/functions/otp-verify/handler.handler',
  summary: 'Exchange the code for a token pair and a new session',
  schemas: () => ({
    body: z.object({
      email: email(),
      code: z.string().check(z.regex(/^\d{6}$/, 'six digits')),
      mode: browserMode(),
    }),
    responses: { 200: tokenPair() },
  }),
  // Guessing codes: tight at the gateway too (the per-email lockout is the real control).
  throttle: { rate: 5, burst: 10 },
  environment: {
    OTP_PEPPER_PARAM: 'param:otpPepperParam',
    JWT_PRIVATE_JWKS_PARAM: 'param:jwksParam',
    ADMIN_EMAILS: 'custom:adminEmails',
    SITE_ORIGIN: 'custom:siteOrigin',
  },
  // Delete: the redeemed challenge; Put: user (in a transaction), session, analytics event.
  iam: [dynamo('GetItem', 'UpdateItem', 'PutItem', 'DeleteItem'), ssm('otpPepperArn', 'jwksArn')],
});

export const tokenRefresh = route({
  name: 'tokenRefresh',
  method: 'POST',
  path: '/auth/token/refresh',
  access: 'public',
  handler: 'src/functions/token-refresh/handler.handler',
  summary: 'Rotate the refresh token: a new pair, the old refresh token dies',
  // JSON mode: `refreshToken` in the body; browser mode (`mode: "cookie"`): the cookie, no body token.
  schemas: () => ({
    body: z
      .object({
        refreshToken: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
        mode: browserMode(),
      })
      .check(
        z.refine((b) => (b.mode === 'cookie') !== (b.refreshToken !== undefined), {
          path: ['refreshToken'],
          message: 'give refreshToken, or mode "cookie" with the refresh cookie (not both)',
        }),
      ),
    responses: { 200: tokenPair() },
  }),
  rateLimit: { name: 'auth-refresh-ip', limit: 600, windowSeconds: 60 },
  throttle: { rate: 20, burst: 40 },
  environment: {
    REFRESH_TOKEN_PEPPER_PARAM: 'param:refreshPepperParam',
    JWT_PRIVATE_JWKS_PARAM: 'param:jwksParam',
    SITE_ORIGIN: 'custom:siteOrigin',
  },
  iam: [dynamo('GetItem', 'UpdateItem', 'PutItem'), ssm('refreshPepperArn', 'jwksArn')],
});

export const logout = route({
  name: 'logout',
  method: 'POST',
  path: '/auth/logout',
  access: 'user',
  handler: 'src/functions/logout/handler.handler',
  summary: "Revoke the caller's session (its refresh token dies too)",
  schemas: () => ({
    responses: { 204: null },
  }),
  iam: [dynamo('UpdateItem', 'PutItem')],
});

export const sessionsList = route({
  name: 'sessionsList',
  method: 'GET',
  path: '/auth/sessions',
  access: 'user',
  handler: 'src/functions/sessions-list/handler.handler',
  summary: "The caller's active sessions, newest first, the current one marked",
  schemas: () => ({
    responses: {
      200: z.object({
        sessions: z.array(
          z.object({
            sessionId: z.string(),
            channel: z.string(),
            userAgent: z.optional(z.string()),
            createdAt: z.string(),
            lastUsedAt: z.string(),
            absoluteExpiresAt: z.number(),
            current: z.boolean(),
          }),
        ),
      }),
    },
  }),
  rateLimit: sessionsLimit,
  iam: [dynamo('UpdateItem'), { actions: ['dynamodb:Query'], resources: ['custom:tableIndexArn'] }],
});

export const sessionRevoke = route({
  name: 'sessionRevoke',
  method: 'DELETE',
  path: '/auth/sessions/{id}',
  access: 'user',
  handler: 'src/functions/session-revoke/handler.handler',
  summary: "Revoke one of the caller's sessions (another user's or an unknown one → 404)",
  schemas: () => ({
    params: z.object({ id: z.uuid() }),
    responses: { 204: null },
  }),
  rateLimit: sessionsLimit,
  iam: [dynamo('UpdateItem', 'PutItem')],
});

export const jwks = route({
  name: 'jwks',
  method: 'GET',
  path: '/.well-known/jwks.json',
  access: 'public',
  handler: 'src/functions/jwks/handler.handler',
  summary: 'The public signing keys (the next key appears here before it signs)',
  schemas: () => ({
    responses: { 200: z.object({ keys: z.array(z.looseObject({ kid: z.string(), kty: z.string() })) }) },
  }),
  environment: { JWT_PRIVATE_JWKS_PARAM: 'param:jwksParam' },
  iam: [ssm('jwksArn')],
});

export const routeTable: RouteTable = {
  service: 'auth-otp',
  title: 'bookingbot auth-otp',
  description: 'Passwordless email sign-in: one-time codes, JWT access tokens, rotating refresh tokens.',
  throttle: { rate: 50, burst: 100 },
  routes: [health, openapi, otpRequest, otpVerify, tokenRefresh, logout, sessionsList, sessionRevoke, jwks],
};
