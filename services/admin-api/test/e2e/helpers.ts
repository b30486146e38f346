import { randomUUID } from 'node:crypto';

/** Helpers for admin-api end-to-end tests (the running offline stack over HTTP). */
export const adminUrl = (path: string) => `${process.env.ADMIN_API_URL}${path}`;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
type Json = any;

export async function call(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  base: string = process.env.ADMIN_API_URL as string,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

export const ALL_WEEK = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
);

/** A fresh service and a consultant offering it, working around the clock in UTC. */
export async function createCatalog(token: string) {
  const service = await call('POST', '/admin/services', token, {
    name: `E2E service ${randomUUID().slice(0, 6)}`,
    durationMinutes: 30,
  });
  if (service.status !== 201) throw new Error(`service: ${service.status} ${JSON.stringify(service.body)}`);
  const consultant = await call('POST', '/admin/consultants', token, {
    name: `E2E consultant ${randomUUID().slice(0, 6)}`,
    serviceIds: [service.body.serviceId],
    timeZone: 'UTC',
    weeklyHours: ALL_WEEK,
  });
  if (consultant.status !== 201)
    throw new Error(`consultant: ${consultant.status} ${JSON.stringify(consultant.body)}`);
  return {
    serviceId: service.body.serviceId as string,
    consultantId: consultant.body.consultantId as string,
  };
}

/** A start `days` ahead at `hour`:00 UTC (inside the booking horizon, past the minimum notice). */
export function slotStart(days: number, hour: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** Polls `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 250));
  }
}
