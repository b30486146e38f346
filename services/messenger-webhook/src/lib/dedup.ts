import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, isConditionalCheckFailed, tableName, ttlIn } from '@bookingbot/common/db';

/**
 * Exactly-once processing of webhook events keyed by `mid` (Meta redelivers the same event when a
 * POST was slow or failed). Item: pk `DEDUP#<key>`, sk `DEDUP`, TTL 48 h (Meta retries for up to
 * 24 h; the margin covers the worker's own retries and a DLQ replay the next day).
 *
 * Claimed `INPROGRESS` with a 2-minute lock; `COMPLETED` after the event was handled; released
 * (deleted) when handling failed, so the worker's retry or a replay processes it again. A claim
 * whose lock expired (the worker crashed mid-event) can be taken over.
 */
export const DEDUP_TTL_SECONDS = 48 * 3600;
const LOCK_MS = 120_000;

const key = (k: string) => ({ pk: `DEDUP#${k}`, sk: 'DEDUP' });

/** True when this worker now owns the event; false when it was already handled or is being handled. */
export async function claimEvent(dedupKey: string, now = Date.now()): Promise<boolean> {
  try {
    await documentClient().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(dedupKey),
          type: 'webhookDedup',
          status: 'INPROGRESS',
          lockUntil: now + LOCK_MS,
          expiresAt: ttlIn(DEDUP_TTL_SECONDS, now),
        },
        // neverSeenOrAbandoned: no record, or an in-progress claim whose lock has expired
        ConditionExpression: 'attribute_not_exists(pk) OR (#status = :inProgress AND lockUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'INPROGRESS', ':now': now },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

export async function completeEvent(dedupKey: string): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(dedupKey),
      UpdateExpression: 'SET #status = :completed REMOVE lockUntil',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'COMPLETED' },
    }),
  );
}

/** Gives the event back after a failure; best effort (the lock expires anyway). */
export async function releaseEvent(dedupKey: string): Promise<void> {
  await documentClient()
    .send(
      new DeleteCommand({
        TableName: tableName(),
        Key: key(dedupKey),
        // stillInProgress: never delete a completed record
        ConditionExpression: '#status = :inProgress',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'INPROGRESS' },
      }),
    )
    .catch(() => undefined);
}
