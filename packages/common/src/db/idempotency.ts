import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed, tableName, ttlIn } from './index';

/**
 * The one idempotency mechanism of the system: a record per operation key in the single table,
 * `INPROGRESS` (claimed, with a lock) → `COMPLETED` (with the request's hash and, optionally, the
 * first response), or → `FAILED` (given back, attempts counted) from where the next attempt may
 * claim it again. Used by the booking (a retried POST with the same Idempotency-Key answers the
 * first booking), webhook de-duplication (Meta redelivers events) and reminders (overlapping
 * scheduled runs send once).
 *
 * Hand-written rather than Powertools Idempotency (which has the same states): the booking must
 * write its record in the same TransactWriteItems as the appointment (a retry racing the first
 * request can then never book twice), and the records keep their documented keys
 * (`IDEMP#…`, `DEDUP#…`, `REMINDER#…`, docs/data-model.md), where Powertools puts every record in
 * one static partition of its own layout.
 */
export type IdempotencyStatus = 'INPROGRESS' | 'COMPLETED' | 'FAILED';

export interface IdempotencyRecord<R> {
  status: IdempotencyStatus;
  requestHash?: string;
  response?: R;
  /** Epoch ms until which an INPROGRESS claim is held. */
  lockUntil?: number;
  /** Failed attempts so far. */
  attempts?: number;
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

export interface ClaimOptions {
  /** Hash of the request, kept to refuse a reuse of the key with another request. */
  requestHash?: string;
  /** @default Date.now() */
  now?: number;
  /** Epoch seconds the record expires (TTL). @default now + ttlSeconds */
  expiresAt?: number;
  /** Extra attributes stored with the claim (e.g. a reminder's `start`). */
  attributes?: Record<string, string | number | boolean>;
}

export interface IdempotencyStore<R> {
  /** Claims `id` (INPROGRESS, locked) unless it is completed or held by a live claim; a FAILED one can be claimed again. */
  claim(id: string, options?: ClaimOptions): Promise<Claim<R>>;
  /** Marks a claim done, keeping `response` for the replays. */
  complete(id: string, response?: R): Promise<void>;
  /**
   * Gives a claim back after a failure (FAILED, attempts + 1) so the next attempt may claim it;
   * never reopens a completed record. @returns the failed attempts so far (0 when not in progress)
   */
  fail(id: string): Promise<number>;
  /** Sets `flag` once on an existing record (e.g. `apologizedAt`): true for the first caller only. */
  flagOnce(id: string, flag: string, now?: number): Promise<boolean>;
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
    status: item.status === 'INPROGRESS' || item.status === 'FAILED' ? item.status : 'COMPLETED',
    ...(typeof item.requestHash === 'string' ? { requestHash: item.requestHash } : {}),
    ...(item.response !== undefined ? { response: item.response as R } : {}),
    ...(typeof item.lockUntil === 'number' ? { lockUntil: item.lockUntil } : {}),
    ...(typeof item.attempts === 'number' ? { attempts: item.attempts } : {}),
  });
  const find: IdempotencyStore<R>['find'] = async (id) => {
    const out = await documentClient().send(
      new GetCommand({ TableName: tableName(), Key: opts.key(id), ConsistentRead: true }),
    );
    return out.Item ? recordOf(out.Item) : undefined;
  };
  return {
    find,
    async claim(id, { requestHash, now = Date.now(), expiresAt, attributes = {} } = {}) {
      const extra = Object.entries(attributes);
      try {
        await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: opts.key(id),
            // An update, not a put: a FAILED record keeps its attempt count across claims.
            UpdateExpression: [
              'SET #type = :type, #status = :inProgress, lockUntil = :lock, expiresAt = :exp',
              ...(requestHash ? ['requestHash = :hash'] : []),
              ...extra.map((_, i) => `#a${i} = :a${i}`),
            ].join(', '),
            // neverSeenFailedOrAbandoned: no record, a failed attempt, or an INPROGRESS claim whose
            // lock has expired (records written before the status existed count as completed).
            ConditionExpression:
              'attribute_not_exists(pk) OR #status = :failed OR (#status = :inProgress AND lockUntil < :now)',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#type': 'type',
              ...Object.fromEntries(extra.map(([k], i) => [`#a${i}`, k])),
            },
            ExpressionAttributeValues: {
              ':type': opts.type,
              ':inProgress': 'INPROGRESS',
              ':failed': 'FAILED',
              ':lock': now + lockMs,
              ':exp': expiresAt ?? ttlIn(opts.ttlSeconds, now),
              ':now': now,
              ...(requestHash ? { ':hash': requestHash } : {}),
              ...Object.fromEntries(extra.map(([, v], i) => [`:a${i}`, v])),
            },
          }),
        );
        return { outcome: 'claimed' };
      } catch (err) {
        if (!isConditionalCheckFailed(err)) throw err;
      }
      const record = await find(id);
      // Gone between the write and the read (TTL): someone else's claim is as good as ours.
      if (!record) return { outcome: 'inProgress', record: { status: 'INPROGRESS' } };
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
    async fail(id) {
      try {
        const out = await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: opts.key(id),
            UpdateExpression: 'SET #status = :failed REMOVE lockUntil ADD attempts :one',
            // stillInProgress: never reopen a completed record
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
    },
    async flagOnce(id, flag, now = Date.now()) {
      try {
        await documentClient().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: opts.key(id),
            UpdateExpression: 'SET #flag = :now',
            // flagNotSetYet (on an existing record)
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#flag)',
            ExpressionAttributeNames: { '#flag': flag },
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionalCheckFailed(err)) return false;
        throw err;
      }
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
