import type { KeyObject } from 'node:crypto';
import { appSecretKey, verifySignature } from '@bookingbot/common/messenger/signature';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { invokeWorker, workerPayloadJson } from '../../lib/worker-client';
import { hasEvents, MAX_BODY_BYTES } from './shape';

/**
 * The full HTTP stack, loaded on first use (`import()`): see ./full-stack.ts. Why not a static
 * import: it brings Middy, Powertools (logger, metrics, tracer — the tracer's X-Ray SDK installs
 * an async hook that then runs on every promise of the process), the DynamoDB client of the rate
 * limiter and zod, all initialized at cold start and none of it used by an accepted POST. The
 * deployment bundles each function into one file (serverless-esbuild, no code splitting), so the
 * code stays in the file but esbuild wraps it in a lazy initializer: it is parsed, not run, until a
 * POST needs it.
 */
let stack: Promise<typeof import('./full-stack')> | undefined;
function fullStack(event: APIGatewayProxyEvent, context: Context, failedHandOff?: { error: unknown }) {
  stack ??= import('./full-stack');
  return stack.then((m) => m.fullStack(event, context, failedHandOff));
}

/** A header in the case API Gateway kept (the sender's, in REST events), else any case. */
function header(
  headers: APIGatewayProxyEvent['headers'] | null,
  name: string,
  canonical: string,
): string | undefined {
  if (!headers) return undefined;
  const direct = headers[canonical] ?? headers[name];
  if (direct !== undefined) return direct;
  // Only keys of the right length are lower-cased: an absent header (x-correlation-id, usually)
  // costs a length compare per header, not a string per header.
  for (const key in headers)
    if (key.length === name.length && key.toLowerCase() === name) return headers[key];
  return undefined;
}

const JSON_TYPE = /^application\/([a-z0-9.+-]*\+)?json\b/i;
const ACCEPTED = JSON.stringify({ received: true });
/** Same rule as `correlationIdOf` in @bookingbot/common/http (a unit test holds them equal). */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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
 *
 * Per accepted POST it does, beyond the floor (HMAC of the body + `JSON.parse`): the header
 * lookups, the shape loop, the payload string (the raw body between two constants, never
 * re-escaped), its UTF-8 copy, the SigV4 signature of the hand-off (two SHA-256, one HMAC) and the
 * request itself. No `await` while the App Secret is cached (`appSecretKey`).
 */
export function handler(event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> {
  const raw = event.body;
  const contentType = header(event.headers, 'content-type', 'Content-Type');
  if (
    typeof raw !== 'string' ||
    event.isBase64Encoded ||
    raw.length > MAX_BODY_BYTES / 3 || // ≤ 3 UTF-8 bytes per UTF-16 unit: surely under the cap; else the full path decides
    (contentType !== undefined && !JSON_TYPE.test(contentType))
  )
    return fullStack(event, context);
  const key = appSecretKey();
  // Cold (or every 5 minutes): the secret loads first; if it cannot, the full stack answers (and
  // logs) the configuration error as every route does.
  return key instanceof Promise
    ? key.then(
        (loaded) => accept(event, context, raw, loaded),
        () => fullStack(event, context),
      )
    : accept(event, context, raw, key);
}

/**
 * The checks and the hand-off, once the App Secret is at hand. Not `async`: per accepted POST the
 * only promises are the hand-off's and its `then` (an async function adds its own and one per
 * `await`, and with an async hook installed each promise costs a hook call and a destroy record).
 */
function accept(
  event: APIGatewayProxyEvent,
  context: Context,
  raw: string,
  key: KeyObject,
): Promise<APIGatewayProxyResult> {
  const headers = event.headers;
  // The HMAC reads the string as UTF-8: the bytes Meta signed, without copying them out first.
  if (verifySignature(raw, header(headers, 'x-hub-signature-256', 'X-Hub-Signature-256'), key) !== 'valid')
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
  const requestId = event.requestContext?.requestId;
  const given = header(headers, 'x-correlation-id', 'X-Correlation-Id');
  const correlationId = given && CORRELATION_ID.test(given) ? given : requestId;
  const answer: APIGatewayProxyResult = {
    statusCode: 200,
    headers: correlationId
      ? { 'content-type': 'application/json', 'x-correlation-id': correlationId }
      : { 'content-type': 'application/json' },
    body: ACCEPTED,
  };
  if (!events) return Promise.resolve(answer);
  return invokeWorker(workerPayloadJson(raw, Date.now(), requestId)).then(
    () => answer,
    (error: unknown) => fullStack(event, context, { error }),
  );
}
