import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed, tableName, ttlIn } from './index';

/**
 * The one idempotency mechanism of the system: a record per operation key in the single table,
 * `INPROGRESS` (claimed, with a lock) → `COMPLETED` (with the request's hash and, optionally, the
 * first response). Used by the booking (a retried POST with the same Idempotency-Key answers the
 * first booking), webhook de-duplication (Meta redelivers events) and reminders (overlapping
 * scheduled runs send once).
 *
 * Hand-written rather than Powertools Idempotency (which has the same states): the booking must
 * write its record in the same TransactWriteItems as the appointment (a retry racing the first
 * request can then never book twice), and the records keep their documented keys
 * (`IDEMP#…`, `DEDUP#…`, `REMINDER#…`, docs/data-model.md), where Powertools puts every record in
 * one static partition of its own layout.
 */
export type IdempotencyStatus = 'INPROGRESS' | 'COMPLETED';

export interface IdempotencyRecord<R> {
  status: IdempotencyStatus;
  requestHash?: string;
  response?: R;
  /** Epoch ms until which an INPROGRESS claim is held. */
  lockUntil?: number;
}

export type Claim<R> =
  | { outcome: 'claimed' }
  | { outcome: 'inProgress'; record: IdempotencyRecord<R> }
  | { outcome: 'completed'; record: IdempotencyRecord<R> };

export interface IdempotencyOptions {
  /** The entity tag of the records (`type`), e.g. `webhookDedup`. */
  type: string;
  /** The record's key for an operation id (its owner's documented layout). */
  key: (id: string) => { pk: string; sk: string };
  /** How long a record is kept (table TTL). */
  ttlSeconds: number;
  /** How long an INPROGRESS claim holds before another caller may take it over. @default 120000 */
  lockMs?: number;
}

/** A TransactWriteItems element (the document client's shape). */
export interface IdempotencyTransactPut {
  Put: { TableName: string; Item: Record<string, unknown>; ConditionExpression: string };
}

export interface IdempotencyStore<R> {
  /** Claims `id` (INPROGRESS, locked) unless it is completed or held by a live claim. */
  claim(id: string, options?: { requestHash?: string; now?: number }): Promise<Claim<R>>;
  /** Marks a claim done, keeping `response` for the replays. */
  complete(id: string, response?: R): Promise<void>;
  /** Gives a claim back after a failure so a retry runs it; never deletes a completed record. */
  release(id: string): Promise<void>;
  /** The record now (strongly consistent), or undefined. */
  find(id: string): Promise<IdempotencyRecord<R> | undefined>;
  /** The Put that records a COMPLETED result in the same transaction as the work (`idempotencyKeyIsUnused`). */
  completedInTransaction(
    id: string,
    record: { requestHash?: string; response?: R; now?: number },
  ): IdempotencyTransactPut;
}

/** An idempotency store for one kind of operation. @default lockMs 120000 */
export function idempotencyStore<R = unknown>(opts: IdempotencyOptions): IdempotencyStore<R> {
  const lockMs = opts.lockMs ?? 120_000;
  const recordOf = (item: Record<string, unknown>): IdempotencyRecord<R> => ({
    status: item.status === 'INPROGRESS' ? 'INPROGRESS' : 'COMPLETED',
    ...(typeof item.requestHash === 'string' ? { requestHash: item.requestHash } : {}),
    ...(item.response !== undefined ? { response: item.response as R } : {}),
    ...(typeof item.lockUntil === 'number' ? { lockUntil: item.lockUntil } : {}),
  });
  const find: IdempotencyStore<R>['find'] = async (id) => {
    const out = await documentClient().send(
      new GetCommand({ TableName: tableName(), Key: opts.key(id), ConsistentRead: true }),
    );
    return out.Item ? recordOf(out.Item) : undefined;
  };
  return {
    find,
    async claim(id, { requestHash, now = Date.now() } = {}) {
      try {
        await documentClient().send(
          new PutCommand({
            TableName: tableName(),
            Item: {
              ...opts.key(id),
              type: opts.type,
              status: 'INPROGRESS',
              lockUntil: now + lockMs,
              ...(requestHash ? { requestHash } : {}),
              expiresAt: ttlIn(opts.ttlSeconds, now),
            },
            // neverSeenOrAbandoned: no record, or an INPROGRESS claim whose lock has expired
            // (records written before the status existed count as completed).
            ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND lockUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inProgress': 'INPROGRESS', ':now': now },
          }),
        );
        return { outcome: 'claimed' };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
      const record = await find(id);
      if (!record) return { outcome: 'inProgress', record: { status: 'INPROGRESS' } }; // released meanwhile
      return record.status === 'COMPLETED'
        ? { outcome: 'completed', record }
        : { outcome: 'inProgress', record };
    },
    async complete(id, response) {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: opts.key(id),
          UpdateExpression: `SET #status = :completed${response !== undefined ? ', #response = :response' : ''} REMOVE lockUntil`,
          ExpressionAttributeNames: {
            '#status': 'status',
            ...(response !== undefined ? { '#response': 'response' } : {}),
          },
          ExpressionAttributeValues: {
            ':completed': 'COMPLETED',
            ...(response !== undefined ? { ':response': response } : {}),
          },
        }),
      );
    },
    async release(id) {
      await documentClient()
        .send(
          new DeleteCommand({
            TableName: tableName(),
            Key: opts.key(id),
            // stillInProgress: never delete a completed record
            ConditionExpression: '#status = :inProgress',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':inProgress': 'INPROGRESS' },
          }),
        )
        // Best effort: the lock expires anyway, and a completed record must stay.
        .catch(() => undefined);
    },
    completedInTransaction(id, { requestHash, response, now = Date.now() }) {
      return {
        Put: {
          TableName: tableName(),
          Item: {
            ...opts.key(id),
            type: opts.type,
            status: 'COMPLETED',
            ...(requestHash ? { requestHash } : {}),
            ...(response !== undefined ? { response } : {}),
            expiresAt: ttlIn(opts.ttlSeconds, now),
          },
          ConditionExpression: 'attribute_not_exists(pk)', // idempotencyKeyIsUnused
        },
      };
    },
  };
}
