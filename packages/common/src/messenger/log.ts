import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CLAIM_ATTRIBUTES, type EventClaim, lastInboundAt } from '../conversation/index';
import { documentClient, tableName, ttlIn } from '../db/index';
import {
  type LoggedMessage,
  type LoggedReply,
  messageLogPk,
  messageLogSk,
  messagesOfLogItem,
} from './log-item';

/**
 * The Messenger conversation's shared items (docs/data-model.md "Messenger"):
 * - conversation: pk `CONV#<psid>`, sk `STATE` — owned by `@bookingbot/common/conversation`.
 * - message log:  pk `MSGLOG#<psid>`, sk `<isoTime>#<in|out>#<id>` — every inbound and outbound
 *   message, TTL `MESSAGE_LOG_TTL_DAYS`. Its inserts also feed the analytics lake: the event
 *   writer derives `messenger.message.received|sent` from each new item on the table's stream
 *   (`messageEventsFromLog` in `@bookingbot/common/analytics`), so no separate event item is written.
 *   A customer's inbound message is written by the worker's claim of the event (`inboundLogClaim`):
 *   the item doubles as the event's de-duplication record (`status`, `lockUntil`, `attempts`,
 *   `apologizedAt`, owned by `@bookingbot/common/conversation`). The worker's replies to one
 *   message are one item (`logReplies`): the first reply's, carrying the later ones in `more`
 *   (the item's shape: `./log-item.ts`).
 */
/** How long message log items live. @default 30 days */
export const MESSAGE_LOG_TTL_DAYS = 30;

/** Meta's standard messaging window: a reply without a tag is allowed this long after the user's last message. */
export const MESSAGING_WINDOW_MS = 24 * 3600 * 1000;

export type { LoggedMessage, LoggedReply } from './log-item';

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
    key: { pk: messageLogPk(entry.psid), sk: messageLogSk(time, entry.direction, id) },
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
 * The replies of one turn, gathered as they are sent (`SendOptions.replyLog` of the Send API
 * client) and written together by `logReplies`.
 */
export interface ReplyLog {
  readonly psid: string;
  readonly replies: LoggedReply[];
}

/** An empty reply log for one turn's replies to `psid`. */
export function replyLog(psid: string): ReplyLog {
  return { psid, replies: [] };
}

/**
 * Writes a turn's sent replies as one item — one write, not one per reply: the first reply's
 * ordinary log item (its key, `kind`, `text`, `mid`, `time`), carrying the later replies in
 * `more` (each `{kind, text, mid, time}`). One reply is an item without `more`, as `logMessage`
 * writes it; none, no write. The event writer derives one `messenger.message.sent` per reply from
 * the insert, and `listMessages` expands the item.
 */
export async function logReplies(log: ReplyLog): Promise<void> {
  const [first, ...later] = log.replies;
  if (!first) return;
  const { key, item } = logItem({ psid: log.psid, direction: 'out', ...first });
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key, ...item, ...(later.length ? { more: later } : {}) },
    }),
  );
}

const HIDDEN = new Set<string>(['pk', 'sk', 'type', 'expiresAt', ...CLAIM_ATTRIBUTES]);

/**
 * One page of a conversation's message log, newest first (the admin conversation view); `cursor`
 * is the previous page's `next`. An item holding a turn's replies is expanded into its messages;
 * a page ends at an item boundary, so it holds at most `limit` messages unless its first item
 * alone holds more, and `next` is the key of the page's last item (DynamoDB's cursor). Within a
 * page messages are ordered by their own time, as if each were an item. @default limit 50
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
      ExpressionAttributeValues: { ':pk': messageLogPk(psid) },
      ScanIndexForward: false,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const { messages, next } = pageOfMessages(out.Items ?? [], limit, out.LastEvaluatedKey);
  return { items: messages, ...(next ? { next } : {}) };
}

/**
 * The messages of `items` (a page of log items, newest first) as `listMessages` returns them:
 * items expanded, cut at the last item that keeps the page within `limit` messages (the first
 * item always kept; `next` then points at the last kept item), sorted newest first by each
 * message's own sort key, storage and claim attributes removed.
 */
export function pageOfMessages(
  items: Record<string, unknown>[],
  limit: number,
  lastEvaluatedKey?: Record<string, unknown>,
): { messages: LoggedMessage[]; next?: Record<string, unknown> } {
  const kept: Array<{ sk: string; message: Record<string, unknown> }> = [];
  let next = lastEvaluatedKey;
  for (const [i, item] of items.entries()) {
    const messages = messagesOfLogItem(item);
    if (i > 0 && kept.length + messages.length > limit) {
      const last = items[i - 1] as Record<string, unknown>;
      next = { pk: last.pk, sk: last.sk };
      break;
    }
    kept.push(...messages);
  }
  kept.sort((a, b) => (a.sk < b.sk ? 1 : a.sk > b.sk ? -1 : 0));
  const messages = kept.map(
    ({ message }) =>
      Object.fromEntries(Object.entries(message).filter(([k]) => !HIDDEN.has(k))) as unknown as LoggedMessage,
  );
  return { messages, ...(next ? { next } : {}) };
}

/** The conversation item's reads and writes live with its one owner (`@bookingbot/common/conversation`). */
export { conversationKey, touchInbound } from '../conversation/index';

/** True when the customer wrote to the Page within the last 24 h (a plain RESPONSE is allowed). */
export async function withinMessagingWindow(psid: string, now = Date.now()): Promise<boolean> {
  const last = await lastInboundAt(psid);
  return last !== undefined && now - last < MESSAGING_WINDOW_MS;
}
