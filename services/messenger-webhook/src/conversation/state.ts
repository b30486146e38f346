import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed, tableName, ttlIn } from '@bookingbot/common/db';
import { conversationKey } from '@bookingbot/common/messenger';
import type { Reply } from './replies';
import type { Locale } from './text';

/**
 * Conversation state per PSID, item pk `CONV#<psid>` sk `STATE` (shared with the Send API's
 * `lastInboundAt`). Written with optimistic concurrency: every save checks the `version` it read,
 * so two workers handling the same PSID at once cannot overwrite each other's step; the loser
 * re-reads and decides again.
 */
export type Step =
  | 'idle'
  | 'book.service'
  | 'book.day'
  | 'book.time'
  | 'book.confirm'
  | 'auth.email'
  | 'auth.code'
  | 'appts.cancelConfirm'
  | 'resched.day'
  | 'resched.time'
  | 'resched.confirm';

export interface Slot {
  start: string;
  consultantId: string;
}

export interface ConversationState {
  psid: string;
  step: Step;
  locale: Locale;
  /** True while the Page Inbox owns the thread: the bot stays silent. */
  handover: boolean;
  /** What the customer is doing when a step needs data (booking or rescheduling). */
  serviceId?: string;
  serviceName?: string;
  day?: string;
  timesPage?: number;
  servicesPage?: number;
  slot?: Slot;
  email?: string;
  /** The flow to resume once the email is verified. */
  afterAuth?: 'book.confirm' | 'appointments';
  appointmentId?: string;
  lastInboundAt?: number;
  /** The input last decided on and what the bot decided to say: a retry re-sends, never re-decides. */
  lastMid?: string;
  outbox?: Reply[];
  version: number;
}

/** Idle conversations are forgotten after this long (the step, not the message log). @default 30 days */
const STATE_TTL_SECONDS = 30 * 86400;

export const freshState = (psid: string, locale: Locale = 'en'): ConversationState => ({
  psid,
  step: 'idle',
  locale,
  handover: false,
  version: 0,
});

export async function loadState(psid: string): Promise<ConversationState> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName(), Key: conversationKey(psid), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item || item.step === undefined) {
    // The item may exist with only `lastInboundAt` (written by touchInbound): keep its version 0.
    return { ...freshState(psid), ...(item?.lastInboundAt ? { lastInboundAt: item.lastInboundAt } : {}) };
  }
  const { pk: _pk, sk: _sk, type: _type, expiresAt: _e, ...state } = item;
  return state as ConversationState;
}

export class StateConflictError extends Error {
  constructor() {
    super('conversation state changed concurrently');
    this.name = 'StateConflictError';
  }
}

/** Saves `next` if the stored version is still `next.version`; the stored version becomes +1. */
export async function saveState(next: ConversationState): Promise<ConversationState> {
  const saved = { ...next, version: next.version + 1 };
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...conversationKey(next.psid),
          type: 'conversation',
          expiresAt: ttlIn(STATE_TTL_SECONDS),
          ...saved,
        },
        // versionUnchangedSinceRead (a first save finds no version: only lastInboundAt, or nothing)
        ConditionExpression: next.version === 0 ? 'attribute_not_exists(version)' : '#version = :seen',
        ...(next.version === 0
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':seen': next.version },
            }),
      }),
    );
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new StateConflictError();
    throw err;
  }
  return saved;
}
