import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, documentClient, isConditionalCheckFailed, tableName, ttlIn } from '../db/index';
import { ValidationError } from '../errors/index';

/**
 * The one owner of the Messenger conversation's items (docs/data-model.md "Messenger"): keys,
 * named conditions, reads and writes. Nothing else builds a command for them.
 *
 * - conversation: pk `CONV#<psid>`, sk `STATE` — the bot's step (`flow`, validated by the worker),
 *   locale, the handover flag, the last decided event and its replies (`lastMid`, `outbox`),
 *   `lastInboundAt` (RESPONSE vs MESSAGE_TAG for sends), `version` (optimistic concurrency).
 * - de-duplication claim: pk `DEDUP#<event key>`, sk `DEDUP` — exactly-once per webhook event,
 *   with the failed-attempt count and the one apology after the last attempt. A customer's message
 *   or postback is claimed on its inbound message log item instead (see `EventClaim`).
 * - recent activity: pk `CONV#<psid>`, sk `RECENT` — the staff console's listing entry (gsi1
 *   `CONVS`), written at most once per `RECENT_BUCKET_MS` of the customer's messages.
 * - reminder claim: pk `REMINDER#<appointmentId>`, sk `REMINDER` — one reminder per appointment.
 */
export const conversationKey = (psid: string) => ({ pk: `CONV#${psid}`, sk: 'STATE' });
const recentKey = (psid: string) => ({ pk: `CONV#${psid}`, sk: 'RECENT' });
const dedupItemKey = (eventKey: string) => ({ pk: `DEDUP#${eventKey}`, sk: 'DEDUP' });
const reminderKey = (appointmentId: string) => ({ pk: `REMINDER#${appointmentId}`, sk: 'REMINDER' });

/** Idle conversations are forgotten after this long (the step, not the message log). @default 30 days */
export const CONVERSATION_TTL_SECONDS = 30 * 86400;
/** De-duplication records live this long (Meta retries for up to 24 h; margin for a DLQ replay). @default 48 h */
export const DEDUP_TTL_SECONDS = 48 * 3600;
/** An in-progress claim older than this is taken over (the worker crashed mid-event). @default 2 min */
export const DEDUP_LOCK_MS = 120_000;

/** The stored conversation. `flow` is the worker's step, opaque here (the worker validates it). */
export interface ConversationRecord {
  psid: string;
  locale: string;
  /** True while the Page Inbox owns the thread: the bot stays silent. */
  handover: boolean;
  /** When the thread went to the Page Inbox (epoch ms): the idle return counts from here. */
  handoverAt?: number;
  flow: unknown;
  /** The event last decided on and what the bot decided to say: a retry re-sends, never re-decides. */
  lastMid?: string;
  outbox?: unknown[];
  lastInboundAt?: number;
  /** The `RECENT_BUCKET_MS` bucket of `lastInboundAt` the listing entry was last written for. */
  recentBucket?: number;
  /** 0 when never saved. */
  version: number;
}

export class ConversationConflictError extends Error {
  constructor() {
    super('conversation state changed concurrently');
    this.name = 'ConversationConflictError';
  }
}

/** The conversation of `psid` (strongly consistent), or a fresh one (version 0). */
export async function loadConversation(psid: string): Promise<ConversationRecord> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: conversationKey(psid), ConsistentRead: true }),
  );
  const item = out.Item ?? {};
  return {
    psid,
    locale: typeof item.locale === 'string' ? item.locale : 'en',
    handover: item.handover === true,
    ...(typeof item.handoverAt === 'number' ? { handoverAt: item.handoverAt } : {}),
    flow: item.flow,
    ...(typeof item.lastMid === 'string' ? { lastMid: item.lastMid } : {}),
    ...(Array.isArray(item.outbox) ? { outbox: item.outbox } : {}),
    ...(typeof item.lastInboundAt === 'number' ? { lastInboundAt: item.lastInboundAt } : {}),
    ...(typeof item.recentBucket === 'number' ? { recentBucket: item.recentBucket } : {}),
    version: typeof item.version === 'number' ? item.version : 0,
  };
}

/**
 * Saves `next` if the stored version is still `next.version` (the stored version becomes +1);
 * otherwise `ConversationConflictError` (re-read and decide again). One put: the step, the handled
 * event and `lastInboundAt` in the same write.
 */
export async function saveConversation(next: ConversationRecord): Promise<ConversationRecord> {
  const bucket = recentBucketOf(next.lastInboundAt);
  const saved = {
    ...next,
    ...(bucket === undefined ? {} : { recentBucket: bucket }),
    version: next.version + 1,
  };
  const first = next.version === 0;
  // The listing entry first: a failed or conflicting save is retried and writes it again (a no-op
  // by its condition), while a save that succeeded never leaves the entry behind.
  if (bucket !== undefined && bucket !== next.recentBucket)
    await noteRecentActivity(next.psid, next.lastInboundAt as number);
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...conversationKey(next.psid),
          type: 'conversation',
          expiresAt: ttlIn(CONVERSATION_TTL_SECONDS),
          ...saved,
        },
        // versionUnchangedSinceRead (a first save finds no version: only lastInboundAt, or nothing)
        ConditionExpression: first ? 'attribute_not_exists(version)' : '#version = :seen',
        ...(first
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':seen': next.version },
            }),
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new ConversationConflictError();
    throw err;
  }
  return saved;
}

/**
 * Gives the thread back to the bot: clears the handover flag (staff took the thread back through
 * admin-api, or the idle period passed). Bumps `version`, so a worker deciding at the same moment
 * re-reads. A conversation that does not exist has nothing to clear. @returns true when the flag was set.
 */
export async function returnConversationToBot(psid: string): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: conversationKey(psid),
        UpdateExpression: 'SET handover = :off REMOVE handoverAt ADD version :one',
        // handedOver: only an existing conversation whose thread is with the Page Inbox
        ConditionExpression: 'handover = :on',
        ExpressionAttributeValues: { ':off': false, ':on': true, ':one': 1 },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/**
 * Staff wrote in a handed-over thread (the Page Inbox's echo): the idle return counts from now.
 * Only while the flag is set; never moves backwards.
 */
export async function noteStaffActivity(psid: string, timestampMs: number): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: conversationKey(psid),
        UpdateExpression: 'SET handoverAt = :t',
        // handedOverAndNewer
        ConditionExpression: 'handover = :on AND (attribute_not_exists(handoverAt) OR handoverAt < :t)',
        ExpressionAttributeValues: { ':t': timestampMs, ':on': true },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
}

/**
 * Records the time of the customer's latest message (epoch ms), never moving it backwards, so a
 * late, out-of-order delivery cannot shrink the window. (Decided messages carry it in their save.)
 */
export async function touchInbound(psid: string, timestampMs: number): Promise<void> {
  const bucket = recentBucketOf(timestampMs) as number;
  const out = await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: conversationKey(psid),
        UpdateExpression: 'SET lastInboundAt = :t, recentBucket = :b, #type = if_not_exists(#type, :type)',
        // newerThanStored: only move the window forward
        ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': timestampMs, ':b': bucket, ':type': 'conversation' },
        ReturnValues: 'UPDATED_OLD',
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
      return undefined;
    });
  if (out && out.Attributes?.recentBucket !== bucket) await noteRecentActivity(psid, timestampMs);
}

/** The customer's latest message time (epoch ms), if any. */
export async function lastInboundAt(psid: string): Promise<number | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName(),
      Key: conversationKey(psid),
      ProjectionExpression: 'lastInboundAt',
    }),
  );
  return out.Item?.lastInboundAt as number | undefined;
}

// --- de-duplication -------------------------------------------------------------------------

/**
 * Where a webhook event's claim lives: the event key alone → its own `DEDUP#<event key>` item; or
 * an item the worker writes anyway, given by key and attributes — a customer's message is claimed
 * on its inbound message log item (`inboundLogClaim` in `@bookingbot/common/messenger`), which
 * the claim itself writes, so the de-duplication record costs no write of its own. The claim's
 * states and conditions are the same on either item.
 */
export type EventClaim = string | { key: { pk: string; sk: string }; item: Record<string, unknown> };

/** The claim fields the claim functions add to an item (a reader of the item strips them). */
export const CLAIM_ATTRIBUTES = ['status', 'lockUntil', 'attempts', 'apologizedAt'] as const;

const claimKey = (claim: EventClaim) => (typeof claim === 'string' ? dedupItemKey(claim) : claim.key);

/**
 * Claims a webhook event for this worker. True when this worker now owns it; false when it was
 * handled or is being handled. A failed event (released with `failEvent`) can be claimed again and
 * keeps its attempt count.
 */
export async function claimEvent(claim: EventClaim, now = Date.now()): Promise<boolean> {
  const attributes =
    typeof claim === 'string'
      ? { type: 'webhookDedup', expiresAt: ttlIn(DEDUP_TTL_SECONDS, now) }
      : claim.item;
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':inProgress': 'INPROGRESS',
    ':failed': 'FAILED',
    ':lock': now + DEDUP_LOCK_MS,
    ':now': now,
  };
  const sets = Object.entries(attributes).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} = :a${i}`;
  });
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: claimKey(claim),
        UpdateExpression: `SET ${[...sets, '#status = :inProgress', 'lockUntil = :lock'].join(', ')}`,
        // neverSeenFailedOrAbandoned: no record, a failed attempt, or an in-progress claim whose lock expired
        ConditionExpression:
          'attribute_not_exists(pk) OR #status = :failed OR (#status = :inProgress AND lockUntil < :now)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** Marks a claimed event handled: later deliveries of it are duplicates. */
export async function completeEvent(claim: EventClaim): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: claimKey(claim),
      UpdateExpression: 'SET #status = :completed REMOVE lockUntil',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED' },
    }),
  );
}

/**
 * Gives a claimed event back after a failure, counting the attempt, so the next attempt (Lambda's
 * retry, the offline retry, a DLQ replay) may claim it. @returns the number of failed attempts so far.
 */
export async function failEvent(claim: EventClaim): Promise<number> {
  try {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: claimKey(claim),
        UpdateExpression: 'SET #status = :failed REMOVE lockUntil ADD attempts :one',
        // stillInProgress: never reopen a completed event
        ConditionExpression: '#status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'FAILED', ':inProgress': 'INPROGRESS', ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(out.Attributes?.attempts ?? 1);
  } catch (err) {
    if (isConditionalCheckFailed(err)) return 0;
    throw err;
  }
}

/**
 * Claims the one apology for an event that failed for good: true once per event, so a replay or
 * a further retry never apologizes twice.
 */
export async function claimApology(claim: EventClaim, now = Date.now()): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: claimKey(claim),
        UpdateExpression: 'SET apologizedAt = :now',
        // notApologizedYet
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(apologizedAt)',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

// --- reminders ------------------------------------------------------------------------------

/**
 * Claims the reminder of one appointment (`attribute_not_exists`, reminderNotSentYet): runs
 * overlap so none is missed, the claim makes each reminder go out once. Lives until 3 days after
 * the start.
 */
export async function claimReminder(
  appointmentId: string,
  start: string,
  now = new Date(),
): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...reminderKey(appointmentId),
          type: 'reminder',
          start,
          sentAt: now.toISOString(),
          expiresAt: ttlIn(3 * 86400, Date.parse(start)),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

// --- recent conversations (staff console) ---------------------------------------------------

/**
 * The recent-conversations listing: one small `RECENT` item per conversation on `gsi1`
 * (`gsi1pk = CONVS`, `gsi1sk = <time> #<psid>`), newest customer activity sorting last (read
 * backwards). Sparse: a conversation the customer never wrote in is not listed.
 *
 * Why a separate item, written at most once per `RECENT_BUCKET_MS`, rather than index keys on the
 * conversation item: gsi1 projects ALL attributes, so an indexed conversation item (its `outbox`
 * makes it 1–3 KB) was copied into the index on every save — ≈ 1.75 write units per message, and
 * every message of every customer written to the one `CONVS` index partition. Now a message
 * costs the index nothing unless its bucket changed: one ≈ 100-byte write per conversation per
 * 5 minutes of activity (docs/capacity.md "Writes per message"). The price: the order is exact to
 * within one bucket (a conversation sorts by its first message in the current bucket), and the
 * listing reads the conversation items for their state (one BatchGet per page, staff-only).
 */
export const RECENT_CONVERSATIONS_PK = 'CONVS';
/** Granularity of the listing's order and of its writes. @default 5 min */
export const RECENT_BUCKET_MS = 5 * 60_000;
const recentBucketOf = (ms: number | undefined) =>
  ms === undefined ? undefined : Math.floor(ms / RECENT_BUCKET_MS);
const recentSortKey = (psid: string, lastInboundAtMs: number) =>
  `${new Date(lastInboundAtMs).toISOString()}#${psid}`;

/** Moves the conversation's listing entry to `timestampMs` (never backwards). */
async function noteRecentActivity(psid: string, timestampMs: number): Promise<void> {
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: tableName(),
        Key: recentKey(psid),
        UpdateExpression:
          'SET gsi1pk = :gpk, gsi1sk = :gsk, lastInboundAt = :t, #type = :type, expiresAt = :exp',
        // newerThanListed: a late, out-of-order message does not move the entry back
        ConditionExpression: 'attribute_not_exists(lastInboundAt) OR lastInboundAt < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':gpk': RECENT_CONVERSATIONS_PK,
          ':gsk': recentSortKey(psid, timestampMs),
          ':t': timestampMs,
          ':type': 'conversationRecent',
          ':exp': ttlIn(CONVERSATION_TTL_SECONDS, timestampMs),
        },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
}

/** One row of the recent-conversations listing: who, when they last wrote, who owns the thread. */
export interface ConversationSummary {
  psid: string;
  locale: string;
  /** True while the Page Inbox owns the thread (the bot is paused). */
  handover: boolean;
  /** Since when the Page Inbox owns it (epoch ms), when handed over. */
  handoverAt?: number;
  lastInboundAt: number;
}

const RECENT_CURSOR_KEYS = ['gsi1pk', 'gsi1sk', 'pk', 'sk'];

/**
 * Conversations by the customer's latest message, newest first (`gsi1`, `CONVS`), a page at a
 * time; `cursor` is the previous page's encoded `next` (anything but a key of this listing is a
 * 400 naming `query.cursor`). @default limit 25
 */
export async function listRecentConversations(
  limit = 25,
  cursorText?: string,
): Promise<{ items: ConversationSummary[]; next?: Record<string, unknown> }> {
  const cursor = decodeCursor(cursorText, { bound: { gsi1pk: RECENT_CONVERSATIONS_PK } });
  if (
    cursor &&
    (Object.keys(cursor).sort().join() !== RECENT_CURSOR_KEYS.join() ||
      Object.values(cursor).some((v) => typeof v !== 'string'))
  )
    throw new ValidationError([{ field: 'query.cursor', message: 'is not a valid cursor' }]);
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': RECENT_CONVERSATIONS_PK },
      ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, lastInboundAt',
      ScanIndexForward: false,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const entries = out.Items ?? [];
  const states = new Map<string, Record<string, unknown>>();
  // At most 100 keys per BatchGet (a page is at most 100); unprocessed keys are read again.
  let keys: Record<string, unknown>[] = entries.map((e) => ({ pk: e.pk, sk: 'STATE' }));
  for (let round = 0; keys.length > 0 && round < 5; round++) {
    const got = await documentClient().send(
      new BatchGetCommand({
        RequestItems: {
          [tableName()]: {
            Keys: keys,
            ProjectionExpression: 'pk, locale, handover, handoverAt, lastInboundAt',
          },
        },
      }),
    );
    for (const item of got.Responses?.[tableName()] ?? []) states.set(String(item.pk), item);
    keys = (got.UnprocessedKeys?.[tableName()]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  const items = entries.map((e) => {
    const i = states.get(String(e.pk)) ?? {};
    return {
      psid: String(e.pk).slice('CONV#'.length),
      locale: typeof i.locale === 'string' ? i.locale : 'en',
      handover: i.handover === true,
      ...(typeof i.handoverAt === 'number' ? { handoverAt: i.handoverAt } : {}),
      lastInboundAt: Math.max(
        Number(e.lastInboundAt),
        typeof i.lastInboundAt === 'number' ? i.lastInboundAt : 0,
      ),
    };
  });
  return { items, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}

/**
 * Hands the thread to the Page Inbox (staff did it from the console): sets the handover flag as
 * the bot's "talk to a person" step does, the idle return counting from `now`. Bumps `version`, so
 * a worker deciding at the same moment re-reads. Creates the item if the customer never wrote.
 * @returns false when the thread was already with the Page Inbox.
 */
export async function handConversationToInbox(psid: string, now = Date.now()): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: conversationKey(psid),
        UpdateExpression:
          'SET handover = :on, handoverAt = :now, #type = if_not_exists(#type, :type), expiresAt = :exp ADD version :one',
        // notHandedOver: a second hand-over does not restart the idle period
        ConditionExpression: 'attribute_not_exists(handover) OR handover = :off',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':on': true,
          ':off': false,
          ':now': now,
          ':type': 'conversation',
          ':exp': ttlIn(CONVERSATION_TTL_SECONDS, now),
          ':one': 1,
        },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}
