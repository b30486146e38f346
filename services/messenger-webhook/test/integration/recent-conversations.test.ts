import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  listRecentConversations,
  loadConversation,
  RECENT_BUCKET_MS,
  saveConversation,
  touchInbound,
} from '@bookingbot/common/conversation';
import { documentClient, tableName } from '@bookingbot/common/db';

/**
 * The staff console's recent-conversations entry (pk CONV#<psid>, sk RECENT) in DynamoDB Local:
 * written once per bucket of the customer's messages, never moved backwards, and listed with the
 * conversation's own state. Times are a day ahead so these entries sort first in the shared table.
 */
const entry = async (psid: string) =>
  (
    await documentClient().send(
      new GetCommand({
        TableName: tableName(),
        Key: { pk: `CONV#${psid}`, sk: 'RECENT' },
        ConsistentRead: true,
      }),
    )
  ).Item;

async function customerWrites(psid: string, at: number) {
  const c = await loadConversation(psid);
  await saveConversation({ ...c, flow: { step: 'idle' }, lastInboundAt: Math.max(c.lastInboundAt ?? 0, at) });
}

describe('recent conversations entry', () => {
  const base = Math.ceil((Date.now() + 86_400_000) / RECENT_BUCKET_MS) * RECENT_BUCKET_MS;

  it('It should write the entry once per bucket of messages and move it only forwards', async () => {
    // Arrange
    const psid = `7${randomUUID().replace(/\D/g, '').slice(0, 15)}`;

    // Act + Assert: first message of a bucket
    await customerWrites(psid, base + 60_000);
    const first = await entry(psid);
    // a later message in the same bucket: no write (the conversation remembers the bucket)
    await customerWrites(psid, base + 120_000);
    const sameBucket = await entry(psid);
    // a message in the next bucket moves it
    await customerWrites(psid, base + RECENT_BUCKET_MS + 1_000);
    const nextBucket = await entry(psid);
    // a late delivery from an earlier bucket does not move it back; a silent-path message moves it on
    await touchInbound(psid, base + 30_000);
    const late = await entry(psid);
    await touchInbound(psid, base + 3 * RECENT_BUCKET_MS);
    const silent = await entry(psid);

    expect(first).toMatchObject({ gsi1pk: 'CONVS', lastInboundAt: base + 60_000 });
    expect(first?.gsi1sk).toBe(`${new Date(base + 60_000).toISOString()}#${psid}`);
    expect(sameBucket?.lastInboundAt).toBe(base + 60_000);
    expect(nextBucket?.lastInboundAt).toBe(base + RECENT_BUCKET_MS + 1_000);
    expect(late?.lastInboundAt).toBe(base + RECENT_BUCKET_MS + 1_000);
    expect(silent?.lastInboundAt).toBe(base + 3 * RECENT_BUCKET_MS);
  });

  it('It should list the conversation with its own state and latest message time, newest first', async () => {
    // Arrange: two customers; the second writes later, the first is handed to the Page Inbox
    const older = `7${randomUUID().replace(/\D/g, '').slice(0, 15)}`;
    const newer = `7${randomUUID().replace(/\D/g, '').slice(0, 15)}`;
    await customerWrites(older, base + 10 * RECENT_BUCKET_MS);
    await customerWrites(older, base + 10 * RECENT_BUCKET_MS + 90_000);
    const c = await loadConversation(older);
    await saveConversation({ ...c, handover: true, handoverAt: base });
    await customerWrites(newer, base + 11 * RECENT_BUCKET_MS);

    // Act
    const { items } = await listRecentConversations(100);

    // Assert
    const order = items.map((i) => i.psid).filter((p) => p === older || p === newer);
    expect(order).toEqual([newer, older]);
    expect(items.find((i) => i.psid === older)).toMatchObject({
      handover: true,
      handoverAt: base,
      lastInboundAt: base + 10 * RECENT_BUCKET_MS + 90_000,
    });
    expect(items.find((i) => i.psid === newer)).toMatchObject({ handover: false });
  });
});
