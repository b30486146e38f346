import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName, ttlIn } from '../db';
import { createLogger, hashId } from '../logging';

/**
 * The analytics event stream. Producers call `recordEvent`; it writes one small item to the table
 * (TTL 3 days). DynamoDB Streams carries it to the event writer, which batches events into gzip
 * NDJSON objects under `events/dt=YYYY-MM-DD/` in S3 (one PUT per batch, never per event), where
 * Athena reads them. The schema is versioned (`v`); user ids and PSIDs are hashed.
 *
 * Key layout: pk `EVT#<dt>`, sk `<isoTime>#<uuid>`.
 */
export const EVENT_SCHEMA_VERSION = 1;

export type EventType =
  | 'auth.otp.requested'
  | 'auth.otp.sent'
  | 'auth.otp.verified'
  | 'auth.otp.failed'
  | 'auth.otp.locked'
  | 'auth.token.refreshed'
  | 'auth.token.reuseDetected'
  | 'auth.logout'
  | 'booking.booked'
  | 'booking.cancelled'
  | 'booking.rescheduled'
  | 'booking.completed'
  | 'booking.noShow'
  | 'messenger.message.received'
  | 'messenger.message.sent'
  | 'messenger.conversation.started'
  | 'messenger.handover';

export interface AnalyticsEvent {
  v: number;
  eventId: string;
  type: EventType;
  time: string;
  dt: string;
  userHash?: string;
  psidHash?: string;
  props: Record<string, string | number | boolean | null>;
}

export interface RecordEventInput {
  type: EventType;
  userId?: string;
  psid?: string;
  /** Non-personal properties only (ids of services/consultants, channel, reason codes). */
  props?: AnalyticsEvent['props'];
  now?: Date;
}

const log = createLogger('analytics');

/** Builds the versioned event (ids hashed). Pure; exported for the writer's tests. */
export function buildEvent(input: RecordEventInput): AnalyticsEvent {
  const time = (input.now ?? new Date()).toISOString();
  return {
    v: EVENT_SCHEMA_VERSION,
    eventId: randomUUID(),
    type: input.type,
    time,
    dt: time.slice(0, 10),
    ...(input.userId ? { userHash: hashId(input.userId, 'user:') } : {}),
    ...(input.psid ? { psidHash: hashId(input.psid, 'psid:') } : {}),
    props: input.props ?? {},
  };
}

/**
 * Records an analytics event. Best effort: analytics never fails the user's request, so an error
 * is logged and swallowed.
 */
export async function recordEvent(input: RecordEventInput): Promise<void> {
  const event = buildEvent(input);
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          pk: `EVT#${event.dt}`,
          sk: `${event.time}#${event.eventId}`,
          type: 'analyticsEvent',
          expiresAt: ttlIn(3 * 86400),
          event,
        },
      }),
    );
  } catch (err) {
    log.warn('analytics event not recorded', { eventType: event.type, error: err as Error });
  }
}
