import { z } from '@bookingbot/common/config';
import { DependencyError } from '@bookingbot/common/errors';
import { httpHandler, ok } from '@bookingbot/common/http';
import { createLogger } from '@bookingbot/common/logging';
import { messengerSignature, rawBodyBytes } from '@bookingbot/common/messenger';
import { invokeWorker, workerPayloadJson } from '../../lib/worker-client';

const logger = createLogger('messenger-receive');

// Shallow on purpose: the worker reads the events; this only refuses what is not a Page webhook.
const hasEvents = (e: Record<string, unknown>) =>
  (Array.isArray(e.messaging) && e.messaging.length > 0) ||
  (Array.isArray(e.standby) && e.standby.length > 0);

const body = z.looseObject({
  object: z.literal('page'),
  entry: z.array(z.looseObject({ id: z.string() })).max(1000),
});

/**
 * `POST /webhook`: signature (raw bytes, constant time) → shallow shape check → one async invoke
 * of the worker → 200. No DynamoDB, no Graph call: Meta gets its answer in milliseconds and a
 * slow conversation never makes it retry. A failed hand-off answers 503 so Meta redelivers.
 */
export const handler = httpHandler(
  { logger, auth: 'none', body, before: [messengerSignature()], maxBodyBytes: 256 * 1024 },
  async ({ body: webhook, event }) => {
    // A body without events (Meta's empty test pings) needs no worker.
    if (!webhook.entry.some((e) => hasEvents(e))) return ok({ received: true });
    const raw = event.isBase64Encoded ? rawBodyBytes(event).toString('utf8') : (event.body as string);
    try {
      await invokeWorker(workerPayloadJson(raw, Date.now(), event.requestContext?.requestId));
    } catch (err) {
      throw new DependencyError('worker invoke', err, 1);
    }
    return ok({ received: true });
  },
);
