import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName, ttlIn } from '../db';

/**
 * The owner of admin-api's report-run items (docs/data-model.md "Admin and analytics"):
 * - run:   pk `AQ#<queryId>`  sk `AQ`   the stored state of one report query (TTL 1 day)
 * - cache: pk `AQC#<hash>`    sk `AQC`  → queryId of an identical run (TTL = the cache window)
 * The query engine and the report logic stay in admin-api; only the items live here.
 */
const runKey = (queryId: string) => ({ pk: `AQ#${queryId}`, sk: 'AQ' });
const cacheKey = (hash: string) => ({ pk: `AQC#${hash}`, sk: 'AQC' });
/** Seconds a report run is kept. @default 86400 */
const RUN_TTL_SECONDS = 86400;

/** The query id cached for `hash`, unless its stored expiry passed (TTL deletion is lazy). */
export async function cachedReportRun(hash: string, now: Date): Promise<string | undefined> {
  const hit = await documentClient().send(new GetCommand({ TableName: tableName(), Key: cacheKey(hash) }));
  if (hit.Item && Number(hit.Item.expiresAt) > Math.floor(now.getTime() / 1000))
    return String(hit.Item.queryId);
  return undefined;
}

/** Stores a new run (its fields as given) for a day. */
export async function putReportRun(queryId: string, run: Record<string, unknown>, now: Date): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...run,
        ...runKey(queryId),
        type: 'analyticsQuery',
        expiresAt: ttlIn(RUN_TTL_SECONDS, now.getTime()),
      },
    }),
  );
}

/** Points `hash` at `queryId` for `ttlSeconds`. */
export async function putReportCache(
  hash: string,
  queryId: string,
  ttlSeconds: number,
  now: Date,
): Promise<void> {
  await documentClient().send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...cacheKey(hash),
        type: 'analyticsQueryCache',
        queryId,
        expiresAt: ttlIn(ttlSeconds, now.getTime()),
      },
    }),
  );
}

/** The stored run without its key attributes, or undefined. */
export async function getReportRun(queryId: string): Promise<Record<string, unknown> | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: runKey(queryId) }));
  if (!out.Item) return undefined;
  const { pk: _pk, sk: _sk, type: _t, expiresAt: _e, ...stored } = out.Item;
  return stored;
}

/** Sets the given fields of a stored run (its final state). */
export async function updateReportRun(queryId: string, patch: Record<string, unknown>): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(patch).map(([k, v]) => {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    return `#${k} = :${k}`;
  });
  if (sets.length === 0) return;
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: runKey(queryId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Drops a cache entry (a failed run must not be served from the cache). */
export async function dropReportCache(hash: string): Promise<void> {
  await documentClient().send(new DeleteCommand({ TableName: tableName(), Key: cacheKey(hash) }));
}
