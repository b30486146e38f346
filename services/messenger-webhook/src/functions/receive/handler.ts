import { secret, z } from '@bookingbot/common/config';
import { DependencyError } from '@bookingbot/common/errors';
import { correlationIdOf, httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { messengerSignature, rawBodyBytes, verifySignature } from '@bookingbot/common/messenger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { invokeWorker, workerPayloadJson } from '../../lib/worker-client';

const logger = createLogger('messenger-receive');
const MAX_BODY_BYTES = 256 * 1024;

// Shallow on purpose: the worker reads the events; this only refuses what is not a Page webhook.
const hasEvents = (e: Record<string, unknown>) =>
  (Array.isArray(e.messaging) && e.messaging.length > 0) ||
  (Array.isArray(e.standby) && e.standby.length > 0);

const body = z.looseObject({
  object: z.literal('page'),
  entry: z.array(z.looseObject({ id: z.string() })).max(1000),
});

/** Events whose hand-off already failed on the fast path: the full stack answers 503 without a second try. */
const handOffFailed = new WeakMap<object, unknown>();

/**
 * The full HTTP stack (Middy, header normalizer, correlation id, problem+json, metrics, zod): the
 * answer to every POST the fast path below does not accept, so errors look exactly like every
 * other route's (status, `type`, the field named) and are logged and counted once.
 */
const fullStack = httpHandler(
  { logger, auth: 'none', body, before: [messengerSignature()], maxBodyBytes: MAX_BODY_BYTES },
  async ({ body: webhook, event }) => {
    // A body without events (Meta's empty test pings) needs no worker.
    if (!webhook.entry.some((e) => hasEvents(e))) return ok({ received: true });
    if (handOffFailed.has(event)) throw new DependencyError('worker invoke', handOffFailed.get(event), 1);
    const raw = event.isBase64Encoded ? rawBodyBytes(event).toString('utf8') : (event.body as string);
    try {
      await invokeWorker(workerPayloadJson(raw, Date.now(), event.requestContext?.requestId));
    } catch (err) {
      throw new DependencyError('worker invoke', err, 1);
    }
    return ok({ received: true });
  },
);

function header(headers: APIGatewayProxyEvent['headers'] | null, name: string): string | undefined {
  if (!headers) return undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  // API Gateway keeps the sender's header case in REST events; serverless-offline too.
  for (const key in headers) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\b/i;
const ACCEPTED = JSON.stringify({ received: true });

/**
 * `POST /webhook`: signature (raw bytes, constant time) → shallow shape check → one async invoke
 * of the worker → 200. No DynamoDB, no Graph call: Meta gets its answer in milliseconds and a
 * slow conversation never makes it retry. A failed hand-off answers 503 so Meta redelivers.
 *
 * Why a fast path beside the generic stack: the webhook is the one route whose CPU per request
 * sets how many POSTs a warm instance absorbs in a burst, and the generic stack (Middy, header
 * normalization, Powertools key merging, zod) cost several times the signature check itself
 * (bench "hot path" table). A well-formed, correctly signed Page webhook with events is accepted
 * here with the same checks as the full stack (`verifySignature`, size, content type, JSON,
 * `object === 'page'`, `entry` an array of objects with a string `id`, at most 1000); everything
 * else — and every error — goes through `fullStack`, so refusals stay problem+json naming the field.
 */
export async function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  const raw = event.body;
  const contentType = header(event.headers, 'content-type');
  if (
    typeof raw !== 'string' ||
    event.isBase64Encoded ||
    raw.length > MAX_BODY_BYTES / 3 || // ≤ 3 UTF-8 bytes per UTF-16 unit: surely under the cap; else the full path decides
    (contentType !== undefined && !JSON_TYPE.test(contentType)) ||
    verifySignature(
      Buffer.from(raw, 'utf8'),
      header(event.headers, 'x-hub-signature-256'),
      await secret('MESSENGER_APP_SECRET'),
    ) !== 'valid'
  )
    return fullStack(event, context);
  let parsed: { object?: unknown; entry?: unknown };
  try {
    parsed = JSON.parse(raw);
  } catch {
    return fullStack(event, context);
  }
  const entries = parsed?.entry;
  if (parsed?.object !== 'page' || !Array.isArray(entries) || entries.length > 1000)
    return fullStack(event, context);
  let events = false;
  for (const e of entries) {
    if (typeof e !== 'object' || e === null || typeof e.id !== 'string') return fullStack(event, context);
    events ||= hasEvents(e);
  }
  const given = header(event.headers, 'x-correlation-id');
  const correlationId = correlationIdOf({
    headers: given === undefined ? {} : { 'x-correlation-id': given },
    requestContext: event.requestContext,
  } as APIGatewayProxyEvent);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (correlationId) headers['x-correlation-id'] = correlationId;
  if (events) {
    try {
      await invokeWorker(workerPayloadJson(raw, Date.now(), event.requestContext?.requestId));
    } catch (err) {
      handOffFailed.set(event, err);
      return fullStack(event, context);
    }
  }
  return { statusCode: 200, headers, body: ACCEPTED };
}
