import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '@bookingbot/common/db';
import type { LoggedMessage } from '@bookingbot/common/messenger';

/**
 * One page of a conversation's message log (pk `MSGLOG#<psid>`, newest first). The messenger
 * module's `listMessages` returns only the newest N; staff scroll back with a cursor.
 */
export async function messagePage(
  psid: string,
  limit: number,
  cursor?: Record<string, unknown>,
): Promise<{ items: LoggedMessage[]; next?: Record<string, unknown> }> {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `MSGLOG#${psid}` },
      ScanIndexForward: false,
      Limit: limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  const items = (out.Items ?? []).map(
    ({ pk: _p, sk: _s, type: _t, expiresAt: _e, ...rest }) => rest as LoggedMessage,
  );
  return { items, ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey } : {}) };
}
