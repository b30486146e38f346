import { randomUUID } from 'node:crypto';
import { eventIdFromKey } from '@bookingbot/common/analytics';
import { hashId } from '@bookingbot/common/logging';
import { logMessage } from '@bookingbot/common/messenger';
import { lakeRows, untilLake } from '../../../../test/support/lake';

/**
 * Message events come from the message log's stream, not from a second write: a message logged
 * through the real `logMessage` goes DynamoDB Local → its stream → the local stream poller
 * (scripts/analytics-pipeline.ts, the event writer's code) → gzip NDJSON in S3 local.
 */
jest.setTimeout(60_000);

describe('message events from the message log stream', () => {
  it('It should put a logged message in the lake as exactly one event of its direction, even when logged again', async () => {
    // Arrange
    const psid = `psid-lake-${randomUUID()}`;
    const psidHash = hashId(psid, 'psid:');
    const time = new Date(Date.now() - 1000).toISOString();
    const inbound = {
      psid,
      direction: 'in' as const,
      kind: 'text',
      text: 'hello',
      mid: `m.${randomUUID()}`,
      time,
    };
    const inboundId = eventIdFromKey(`MSGLOG#${psid}`, `${time}#in#${inbound.mid}`);
    const reply = { psid, direction: 'out' as const, kind: 'quick_replies', mid: `m.${randomUUID()}` };
    const last = { psid, direction: 'out' as const, kind: 'text', mid: `m.${randomUUID()}` };

    // Act: the inbound message, a reply, the same inbound again (a retried worker), one more reply
    await logMessage(inbound);
    await logMessage(reply);
    await logMessage(inbound);
    await logMessage(last);
    const rows = await untilLake(() => {
      const r = lakeRows(psidHash);
      return r.filter((x) => x.event_type === 'messenger.message.sent').length >= 2 ? r : undefined;
    });

    // Assert
    const received = rows.filter((r) => r.event_type === 'messenger.message.received');
    expect(received).toEqual([
      expect.objectContaining({ event_id: inboundId, event_time: time, psid_hash: psidHash, v: 1 }),
    ]);
    expect(JSON.parse(String(received[0]?.props))).toEqual({ kind: 'text' });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(3);
    expect(JSON.stringify(rows)).not.toContain(psid);
    expect(JSON.stringify(rows)).not.toContain('hello');
  });
});
