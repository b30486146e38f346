import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '@bookingbot/common/db';
import type { User } from '@bookingbot/common/users';

/**
 * Admin user search over the users partition of `gsi2` (`gsi2pk = USERS`, sorted by email): an
 * email prefix is a key condition; a name fragment is a filter on the same partition
 * (case-sensitive `contains`, fine at thousands of users; see docs/data-model.md). No query lists
 * every user by email.
 */
export async function searchUsers(
  query: string | undefined,
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<{ users: User[]; next?: Record<string, unknown> }> {
  const q = query?.trim() ?? '';
  const values: Record<string, unknown> = { ':p': 'USERS' };
  let key = 'gsi2pk = :p';
  let filter: string | undefined;
  if (q.includes('@')) {
    key += ' AND begins_with(gsi2sk, :q)';
    values[':q'] = q.toLowerCase();
  } else if (q) {
    // emailOrNameMatches: the email starts with the fragment or the name contains it
    filter = 'begins_with(gsi2sk, :lower) OR contains(#name, :q)';
    values[':lower'] = q.toLowerCase();
    values[':q'] = q;
  }
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: key,
      ...(filter ? { FilterExpression: filter, ExpressionAttributeNames: { '#name': 'name' } } : {}),
      ExpressionAttributeValues: values,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const users = (out.Items ?? []).map((i) => {
    const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, ...rest } = i;
    return rest as unknown as User;
  });
  return { users, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}
