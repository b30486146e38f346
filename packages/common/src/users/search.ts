import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../db';
import type { User } from './index';

/**
 * Admin user search over the users partition of `gsi2` (`gsi2pk = USERS`, sorted by email): an
 * email prefix is a key condition; a name fragment is a filter on the same partition
 * (case-sensitive `contains`, fine at thousands of users; see docs/data-model.md). No query lists
 * every user by email.
 */
/** Pages read at most per search request (each up to 100 users). */
const MAX_PAGES = 10;

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
    // emailOrNameMatches: the email starts with the fragment or the name contains it. A filter may
    // only name non-key attributes, so it reads the profile's own `email`, not the index key.
    filter = 'begins_with(#email, :lower) OR contains(#name, :q)';
    values[':lower'] = q.toLowerCase();
    values[':q'] = q;
  }
  // A filter applies after `Limit`, so keep reading (a bounded number of) pages until `limit`
  // matches are found; the cursor then resumes right after the last user returned.
  const items: Record<string, unknown>[] = [];
  let start = cursor;
  for (let page = 0; page < MAX_PAGES && items.length < limit; page++) {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: key,
        ...(filter
          ? { FilterExpression: filter, ExpressionAttributeNames: { '#name': 'name', '#email': 'email' } }
          : {}),
        ExpressionAttributeValues: values,
        Limit: filter ? Math.max(limit, 100) : limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
    if (!start) break;
  }
  const page = items.slice(0, limit);
  const last = page.at(-1);
  const next =
    items.length > limit && last
      ? { pk: last.pk, sk: last.sk, gsi2pk: last.gsi2pk, gsi2sk: last.gsi2sk }
      : start;
  const users = page.map((i) => {
    const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, ...rest } = i;
    return rest as unknown as User;
  });
  return { users, ...(next ? { next } : {}) };
}
