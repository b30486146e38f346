import { pageOfMessages } from '../../src/messenger/log';

/** The message log's read side without DynamoDB: how `listMessages` turns a page of items into messages. */
const PK = 'MSGLOG#p1';
const inbound = (time: string, mid: string, text: string) => ({
  pk: PK,
  sk: `${time}#in#${mid}`,
  type: 'messageLog',
  expiresAt: 1,
  psid: 'p1',
  direction: 'in',
  kind: 'text',
  text,
  mid,
  time,
  status: 'COMPLETED',
  attempts: 1,
});
const replies = (...rs: Array<{ time: string; mid: string; text: string }>) => {
  const [first, ...later] = rs;
  if (!first) throw new Error('a reply item holds at least one reply');
  return {
    pk: PK,
    sk: `${first.time}#out#${first.mid}`,
    type: 'messageLog',
    expiresAt: 1,
    psid: 'p1',
    direction: 'out',
    kind: 'text',
    text: first.text,
    mid: first.mid,
    time: first.time,
    ...(later.length ? { more: later.map((r) => ({ kind: 'text', ...r })) } : {}),
  };
};
const out = (time: string, mid: string, text: string) => ({
  psid: 'p1',
  direction: 'out',
  kind: 'text',
  text,
  mid,
  time,
});

describe('a page of the message log', () => {
  it("It should expand a turn's reply item into its replies, newest first, shaped like one-message items", () => {
    // Arrange: newest first, as the query returns them
    const items = [
      replies(
        { time: '2026-03-02T10:00:01.000Z', mid: 'r1', text: 'Hi' },
        { time: '2026-03-02T10:00:01.200Z', mid: 'r2', text: 'What would you like?' },
      ),
      inbound('2026-03-02T10:00:00.000Z', 'm1', 'hello'),
    ];

    // Act
    const page = pageOfMessages(items, 50);

    // Assert
    expect(page).toEqual({
      messages: [
        out('2026-03-02T10:00:01.200Z', 'r2', 'What would you like?'),
        out('2026-03-02T10:00:01.000Z', 'r1', 'Hi'),
        {
          psid: 'p1',
          direction: 'in',
          kind: 'text',
          text: 'hello',
          mid: 'm1',
          time: '2026-03-02T10:00:00.000Z',
        },
      ],
    });
  });

  it('It should order a late reply of an older turn after a newer customer message by time, as separate items were', () => {
    // Arrange: the customer wrote again while the second reply of the first turn was going out
    const items = [
      inbound('2026-03-02T10:00:01.100Z', 'm2', 'wait'),
      replies(
        { time: '2026-03-02T10:00:01.000Z', mid: 'r1', text: 'Hi' },
        { time: '2026-03-02T10:00:01.200Z', mid: 'r2', text: 'Menu' },
      ),
    ];

    // Act
    const { messages } = pageOfMessages(items, 50);

    // Assert
    expect(messages.map((m) => m.mid)).toEqual(['r2', 'm2', 'r1']);
  });

  it('It should end a page at an item boundary within the limit, its cursor the last kept item, and keep DynamoDB cursor otherwise', () => {
    // Arrange: 1 + 3 + 1 messages in three items
    const items = [
      inbound('2026-03-02T10:00:05.000Z', 'm2', 'thanks'),
      replies(
        { time: '2026-03-02T10:00:01.000Z', mid: 'r1', text: 'a' },
        { time: '2026-03-02T10:00:01.100Z', mid: 'r2', text: 'b' },
        { time: '2026-03-02T10:00:01.200Z', mid: 'r3', text: 'c' },
      ),
      inbound('2026-03-02T10:00:00.000Z', 'm1', 'hello'),
    ];
    const dynamoCursor = { pk: PK, sk: items[2]?.sk };

    // Act
    const cut = pageOfMessages(items, 3, dynamoCursor);
    const whole = pageOfMessages(items, 5, dynamoCursor);
    const oversized = pageOfMessages(items.slice(1), 2);

    // Assert
    expect(cut.messages.map((m) => m.mid)).toEqual(['m2']);
    expect(cut.next).toEqual({ pk: PK, sk: items[0]?.sk });
    expect(whole.messages.map((m) => m.mid)).toEqual(['m2', 'r3', 'r2', 'r1', 'm1']);
    expect(whole.next).toEqual(dynamoCursor);
    expect(oversized.messages.map((m) => m.mid)).toEqual(['r3', 'r2', 'r1']);
    expect(oversized.next).toEqual({ pk: PK, sk: items[1]?.sk });
  });
});
