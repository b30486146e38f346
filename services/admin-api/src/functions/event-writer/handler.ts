import { eventsFromStream, writeEventBatch } from '@bookingbot/common/analytics';
import { loadConfig } from '@bookingbot/common/config';
import { createLogger } from '@bookingbot/common/logging';
import * as z from '@bookingbot/common/schema';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const log = createLogger('event-writer');
const cfg = loadConfig({ EVENT_BUCKET: z.string().check(z.minLength(1)) });

/**
 * The lake writer on the table's stream (filtered to inserted `analyticsEvent` and `messageLog`
 * items; message events are derived from the log's inserts): one gzip NDJSON PUT per day in the
 * batch. A failure throws so Lambda retries (bisecting the batch, then the failure destination);
 * object keys derive from event ids, and a message event's id from its log item's key, so retries
 * overwrite.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const events = eventsFromStream(event.Records);
  if (!events.length) return;
  const keys = await writeEventBatch(events, cfg.EVENT_BUCKET);
  log.info('events written', { count: events.length, objects: keys.length });
}
