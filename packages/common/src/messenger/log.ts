import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CLAIM_ATTRIBUTES, type EventClaim, lastInboundAt } from '../conversation/index';
import { documentClient, tableName, ttlIn } from '../db/index';

/**
 * The Messenger conversation's shared items (docs/data-model.md "Messenger"):
 * - conversation: pk `CONV#<psid>`, sk `STATE` — owned by `@bookingbot/common/conversation`.
 * - message log:  pk `MSGLOG#<psid>`, sk `<isoTime>#<in|out>#<id>` — every inbound and outbound
 *   message, TTL `MESSAGE_LOG_TTL_DAYS`. Its inserts also feed the analytics lake: the event
 *   writer derives `messenger.message.received|sent` from each new item on the table's stream
 *   (`messageEventFromLog` in `@bookingbot/common/analytics`), so no separate event item is written.
 *   A customer's inbound message is written by the worker's claim of the event (`inboundLogClaim`):
 *   the item doubles as the event's de-duplication record (`status`, `lockUntil`, `attempts`,
 *   `apologizedAt`, owned by `@bookingbot/common/conversation`).
 */
/** How long message log items live. @default 30 days */
export const MESSAGE_LOG_TTL_DAYS = 30;

/** Meta's standard messaging window: a reply without a tag is allowed this long after the user's last message. */
export const MESSAGING_WINDOW_MS = 24 * 3600 * 1000;

export interface LoggedMessage {
  psid: string;
  direction: 'in' | 'out';
  /** `text`, `quick_replies`, `buttons`, `generic`, `postback`, `attachment`. */
  kind: string;
  /** What the customer saw or typed (text or a short rendering of a template). */
  text?: string;
  mid?: string;
  payload?: string;
  time: string;
}

/**
 * Writes one message log item — one write. Its analytics event (`messenger.message.received|sent`)
 * comes from the item's insert on the table's stream; re-logging the same message (a retried
 * inbound event: same mid and time, so the same key) overwrites it and records no second event.
 */
export async function logMessage(entry: Omit<LoggedMessage, 'time'> & { time?: string }): Promise<void> {
  const { key, item } = logItem(entry);
  await documentClient().send(new PutCommand({ TableName: tableName(), Item: { ...key, ...item } }));
}

/** A message log item's key and attributes; `time` defaults to now, the id to the mid (else a uuid). */
function logItem(entry: Omit<LoggedMessage, 'time'> & { time?: string }) {
  const time = entry.time ?? new Date().toISOString();
  const id = entry.mid || randomUUID();
  return {
    key: { pk: `MSGLOG#${entry.psid}`, sk: `${time}#${entry.direction}#${id}` },
    item: Object.fromEntries(
      Object.entries({
        type: 'messageLog',
        expiresAt: ttlIn(MESSAGE_LOG_TTL_DAYS * 86400),
        ...entry,
        time,
      }).filter(([, v]) => v !== undefined),
    ),
  };
}

/**
 * The claim of a customer's message event on its inbound log item (`claimEvent` writes the item,
 * so logging the message and claiming the event are one write). The key comes from the event
 * itself — Meta's timestamp and the event id — so a redelivery meets the same item.
 */
export function inboundLogClaim(
  entry: Omit<LoggedMessage, 'direction' | 'time' | 'mid'> & { time: string; mid: string },
): EventClaim {
  return logItem({ ...entry, direction: 'in' });
}

/**
 * One page of a conversation's message log, newest first (the admin conversation view); `cursor`
 * is the previous page's `next`.
 */
export async function listMessages(
  psid: string,
  limit = 50,
  cursor?: Record<string, unknown>,
): Promise<{ items: LoggedMessage[]; next?: Record<string, unknown> }> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `MSGLOG#${psid}` },
      ScanIndexForward: false,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const items = (out.Items ?? []).map(({ pk: _p, sk: _s, type: _t, expiresAt: _e, ...rest }) => {
    for (const claimAttribute of CLAIM_ATTRIBUTES) delete rest[claimAttribute];
    return rest as LoggedMessage;
  });
  return { items, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}

/** The conversation item's reads and writes live with its one owner (`@bookingbot/common/conversation`). */
export { conversationKey, touchInbound } from '../conversation/index';

/** True when the customer wrote to the Page within the last 24 h (a plain RESPONSE is allowed). */
export async function withinMessagingWindow(psid: string, now = Date.now()): Promise<boolean> {
  const last = await lastInboundAt(psid);
  return last !== undefined && now - last < MESSAGING_WINDOW_MS;
}
