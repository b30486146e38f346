import { DependencyError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { messengerSignature, rawBodyBytes } from '@bookingbot/common/messenger/signature';
import { routeOptions } from '@bookingbot/common/routes';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { invokeWorker, workerPayloadJson } from '../../lib/worker-client';
import { receive } from '../../routes';
import { hasEvents, MAX_BODY_BYTES } from './shape';

/**
 * The webhook's answer to every POST the fast path in ./handler.ts does not accept: the generic
 * HTTP stack (Middy, header normalizer, correlation id, problem+json, metrics, zod), so errors look
 * exactly like every other route's (status, `type`, the field named) and are logged and counted
 * once. Loaded by `import()` on first use: a warm instance that only ever sees Meta's signed POSTs
 * never initializes it (see the handler for the figures).
 */
const logger = createLogger('messenger-receive');

/** Events whose hand-off already failed on the fast path: answered 503 without a second try. */
const handOffFailed = new WeakMap<object, unknown>();

const stack = httpHandler(
  // The body schema is the route's (`object: 'page'`, `entry` ≤ 1000 objects with a string `id`).
  { logger, ...routeOptions(receive), before: [messengerSignature()], maxBodyBytes: MAX_BODY_BYTES },
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

/**
 * Answers `event` through the full stack. `failedHandOff`: the fast path already tried the
 * hand-off of this accepted POST and it failed — the answer is the 503 (Meta redelivers).
 */
export function fullStack(
  event: APIGatewayProxyEvent,
  context: Context,
  failedHandOff?: { error: unknown },
): Promise<APIGatewayProxyResult> {
  if (failedHandOff) handOffFailed.set(event, failedHandOff.error);
  return stack(event, context);
}
