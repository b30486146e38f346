/**
 * Fixtures for user-api tests: API Gateway events as the authorizer passes them, and a private
 * catalog per test (a consultant of its own), so tests never share slots.
 */
import { randomUUID } from 'node:crypto';
import { type Consultant, createConsultant, createService, type Service } from '@bookingbot/common/booking';
import { findOrCreateUserByEmail, type User } from '@bookingbot/common/users';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

export interface Caller {
  userId: string;
  sessionId: string;
  role: 'user' | 'admin';
}

export interface EventInput {
  caller?: Caller;
  body?: unknown;
  query?: Record<string, string>;
  path?: Record<string, string>;
  headers?: Record<string, string>;
}

/** An API Gateway REST event carrying the authorizer context of `caller`. */
export function apiEvent({ caller, body, query, path, headers }: EventInput = {}): APIGatewayProxyEvent {
  return {
    body: body === undefined ? null : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(headers ?? {}) },
    multiValueHeaders: {},
    httpMethod: 'GET',
    isBase64Encoded: false,
    path: '/',
    pathParameters: path ?? null,
    queryStringParameters: query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/',
    requestContext: {
      requestId: randomUUID(),
      identity: { sourceIp: '127.0.0.1' },
      ...(caller ? { authorizer: { ...caller } } : {}),
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Calls a handler and parses its JSON answer. */
export async function call(handler: Handler, input: EventInput = {}) {
  const res = await handler(apiEvent(input), {} as Context);
  return {
    status: res.statusCode,
    headers: res.headers ?? {},
    // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected loosely
    body: (res.body ? JSON.parse(res.body) : undefined) as any,
  };
}

/** A fresh customer with a profile record and the authorizer context for it. */
export async function newCustomer(): Promise<{ user: User; caller: Caller }> {
  const { user } = await findOrCreateUserByEmail(`booking-${randomUUID()}@example.com`);
  return { user, caller: { userId: user.userId, sessionId: randomUUID(), role: 'user' } };
}

/** A service and a consultant of its own, working every day around the clock in UTC. */
export async function privateCatalog(
  service: { durationMinutes?: number; bufferAfterMinutes?: number } = {},
): Promise<{ service: Service; consultant: Consultant }> {
  const s = await createService({
    name: `Test service ${randomUUID().slice(0, 6)}`,
    durationMinutes: service.durationMinutes ?? 30,
    bufferAfterMinutes: service.bufferAfterMinutes ?? 0,
  });
  const allDay = [{ start: '00:00', end: '24:00' }];
  const c = await createConsultant({
    name: `Test consultant ${randomUUID().slice(0, 6)}`,
    timeZone: 'UTC',
    serviceIds: [s.serviceId],
    weeklyHours: {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    },
  });
  return { service: s, consultant: c };
}

/** A slot start `days` ahead at `hh:mm` UTC (on the 15-minute grid). */
export function slotAt(days: number, hhmm: string): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${hhmm}:00.000Z`;
}

/** Mails SES local holds for an address. */
export async function mailsTo(email: string): Promise<{ subject: string; body: { text?: string } }[]> {
  const res = await fetch(`${process.env.SES_ENDPOINT}/store`);
  const { emails } = (await res.json()) as {
    emails: { destination: { to: string[] }; subject: string; body: { text?: string } }[];
  };
  return emails.filter((m) => m.destination.to.some((t) => t.toLowerCase().includes(email.toLowerCase())));
}
