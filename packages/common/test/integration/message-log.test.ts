import { randomInt, randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { lakeRows, untilLake } from '../../../../test/support/lake';
import { eventIdFromKey } from '../../src/analytics/index';
import { documentClient, tableName } from '../../src/db/index';
import { hashId } from '../../src/logging/index';
import {
  listMessages,
  logMessage,
  logReplies,
  replyLog,
  sendButtons,
  sendQuickReplies,
  sendText,
} from '../../src/messenger/index';

/**
 * A turn's replies logged as one item (`logReplies`) against DynamoDB Local, the Messenger
 * simulator (GRAPH_API_URL) and the local event pipeline (DynamoDB stream → S3 local): the
 * transcript still shows each reply, and the lake still gets one `messenger.message.sent` each.
 */
jest.setTimeout(60_000);

const psid = () => `7${String(randomInt(1e14, 2.8e14))}`;

async function logItems(id: string) {
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `MSGLOG#${id}` },
    }),
  );
  return out.Items ?? [];
}

describe("a turn's replies in one message log item", () => {
  it('It should write the replies sent with one reply log as one item, and list them as separate messages in order', async () => {
    // Arrange: the customer's message, then a turn of three replies through the real Send API client
    const id = psid();
    const inbound = {
      psid: id,
      direction: 'in' as const,
      kind: 'text',
      text: 'hello',
      mid: `m_${randomUUID()}`,
      time: new Date(Date.now() - 1000).toISOString(),
    };
    await logMessage(inbound);
    const log = replyLog(id);

    // Act
    const a = await sendText(id, 'Hi there!', { replyLog: log });
    const b = await sendQuickReplies(id, 'What would you like?', [{ title: 'Book', payload: 'BOOK' }], {
      replyLog: log,
    });
    const c = await sendButtons(id, 'Or', [{ type: 'postback', title: 'Menu', payload: 'MENU' }], {
      replyLog: log,
    });
    await logReplies(log);
    const items = await logItems(id);
    const all = await listMessages(id);
    const first = await listMessages(id, 2);
    const second = await listMessages(id, 2, first.next);

    // Assert
    expect(items).toHaveLength(2);
    const mids = [a, b, c].map((r) => r.messageIds[0]);
    const times = log.replies.map((r) => r.time);
    expect(all.next).toBeUndefined();
    expect(all.items).toEqual([
      { psid: id, direction: 'out', kind: 'buttons', text: 'Or [Menu]', mid: mids[2], time: times[2] },
      {
        psid: id,
        direction: 'out',
        kind: 'quick_replies',
        text: 'What would you like? [Book]',
        mid: mids[1],
        time: times[1],
      },
      { psid: id, direction: 'out', kind: 'text', text: 'Hi there!', mid: mids[0], time: times[0] },
      inbound,
    ]);
    // The reply item alone holds 3 > 2 messages: kept whole, the inbound message on the next page
    expect(first.items.map((m) => m.mid)).toEqual([mids[2], mids[1], mids[0]]);
    expect(second.items).toEqual([inbound]);
    expect(second.next).toBeUndefined();
  });

  it('It should put one messenger.message.sent per reply in the lake, with the id each reply would have had as its own item', async () => {
    // Arrange
    const id = psid();
    const psidHash = hashId(id, 'psid:');
    const log = replyLog(id);
    await sendText(id, 'one', { replyLog: log });
    await sendText(id, 'two', { replyLog: log });
    await sendText(id, 'three', { replyLog: log });

    // Act
    await logReplies(log);
    const rows = await untilLake(() => {
      const r = lakeRows(psidHash);
      return r.length >= 3 ? r : undefined;
    });
    await new Promise((r) => setTimeout(r, 2500)); // a later duplicate would have arrived by now

    // Assert
    const expectedIds = log.replies.map((r) => eventIdFromKey(`MSGLOG#${id}`, `${r.time}#out#${r.mid}`));
    const again = lakeRows(psidHash);
    expect(again).toHaveLength(3);
    expect(rows.map((r) => r.event_type)).toEqual(Array(3).fill('messenger.message.sent'));
    expect(again.map((r) => r.event_id).sort()).toEqual([...expectedIds].sort());
    expect(JSON.stringify(again)).not.toContain(id);
  });
});
