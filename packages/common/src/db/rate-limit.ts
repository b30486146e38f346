import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitError } from '../errors/index';
import { documentClient, isConditionalCheckFailed, tableName } from './index';

export interface RateLimitRule {
  /** Name of the limit, part of the key (`otp-ip`, `user-api`). */
  name: string;
  /** Requests allowed per window. */
  limit: number;
  /** Window length in seconds. */
  windowSeconds: number;
}

/**
 * Fixed-window counter in DynamoDB: one item per (rule, subject, window), incremented with an
 * atomic `ADD` guarded by `count < limit`, expiring by TTL after its window. One write per
 * request, no read; concurrent requests can never exceed the limit because the condition and the
 * increment are one operation.
 *
 * Key layout: PK `RL#<rule>#<subject>`, SK `<windowStart>`.
 * Returns the remaining budget; throws RateLimitError (429 + Retry-After) when exhausted.
 */
export async function consumeRateLimit(
  rule: RateLimitRule,
  subject: string,
  now = Date.now(),
): Promise<number> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now / windowMs) * windowMs;
  const resetAt = windowStart + windowMs;
  try {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { pk: `RL#${rule.name}#${subject}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :one SET expiresAt = :ttl',
        // belowLimit: the increment only happens while the window still has budget.
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': rule.limit,
          ':ttl': Math.ceil(resetAt / 1000) + 60,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return rule.limit - Number(out.Attributes?.count ?? 0);
  } catch (err) {
    if (isConditionalCheckFailed(err)) {
      throw new RateLimitError(Math.max(1, Math.ceil((resetAt - now) / 1000)));
    }
    throw err;
  }
}

/** Alias kept for readability at call sites: `await rateLimit(rule, userId)`. */
export const rateLimit = consumeRateLimit;
