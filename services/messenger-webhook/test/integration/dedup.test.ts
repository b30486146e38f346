import { randomUUID } from 'node:crypto';
import {
  claimApology,
  claimEvent,
  completeEvent,
  failEvent,
  loadConversation,
  returnConversationToBot,
  saveConversation,
} from '@bookingbot/common/conversation';
import { inboundLogClaim, listMessages } from '@bookingbot/common/messenger';

/** De-duplication records and the conversation item in DynamoDB Local (one owner: common/conversation). */
describe('webhook event de-duplication', () => {
  it('It should let one claim of a mid win and refuse it afterwards, also once completed', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;

    // Act
    const claims = await Promise.all([claimEvent(mid), claimEvent(mid), claimEvent(mid)]);
    await completeEvent(mid);
    const later = await claimEvent(mid);

    // Assert
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(later).toBe(false);
  });

  it('It should give a failed event back for the retry, counting its attempts', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;
    await claimEvent(mid);

    // Act
    const first = await failEvent(mid);
    const retried = await claimEvent(mid);
    const second = await failEvent(mid);

    // Assert
    expect(retried).toBe(true);
    expect([first, second]).toEqual([1, 2]);
  });

  it('It should never reopen a completed event', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;
    await claimEvent(mid);
    await completeEvent(mid);

    // Act
    const attempts = await failEvent(mid);
    const claimed = await claimEvent(mid);

    // Assert
    expect(attempts).toBe(0);
    expect(claimed).toBe(false);
  });

  it('It should grant the apology of an event once, however often it is asked', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;
    await claimEvent(mid);
    await failEvent(mid);

    // Act
    const claims = await Promise.all([claimApology(mid), claimApology(mid), claimApology(mid)]);
    const later = await claimApology(mid);

    // Assert
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(later).toBe(false);
  });

  it('It should let a new worker take over a claim whose lock expired (crashed worker)', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;
    const now = Date.now();
    await claimEvent(mid, now);

    // Act
    const whileLocked = await claimEvent(mid, now + 60_000);
    const afterLock = await claimEvent(mid, now + 121_000);

    // Assert
    expect(whileLocked).toBe(false);
    expect(afterLock).toBe(true);
  });
});

describe("a customer message's claim on its inbound log item", () => {
  it('It should log the message once with one winning claim, keep it claimed after completion, and show no claim fields', async () => {
    // Arrange: the same delivery three times at once
    const psid = `p${randomUUID()}`;
    const entry = {
      psid,
      kind: 'text',
      text: 'hello',
      mid: `m_${randomUUID()}`,
      time: new Date().toISOString(),
    };

    // Act
    const claims = await Promise.all([1, 2, 3].map(() => claimEvent(inboundLogClaim(entry))));
    await completeEvent(inboundLogClaim(entry));
    const redelivered = await claimEvent(inboundLogClaim(entry));
    const { items } = await listMessages(psid);

    // Assert
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(redelivered).toBe(false);
    expect(items).toEqual([
      { psid, direction: 'in', kind: 'text', text: 'hello', mid: entry.mid, time: entry.time },
    ]);
  });

  it('It should give a failed message back to the retry with its attempts counted, and one apology', async () => {
    // Arrange
    const entry = {
      psid: `p${randomUUID()}`,
      kind: 'text',
      mid: `m_${randomUUID()}`,
      time: new Date().toISOString(),
    };
    await claimEvent(inboundLogClaim(entry));

    // Act
    const first = await failEvent(inboundLogClaim(entry));
    const retried = await claimEvent(inboundLogClaim(entry));
    const second = await failEvent(inboundLogClaim(entry));
    const apologies = await Promise.all([1, 2].map(() => claimApology(inboundLogClaim(entry))));

    // Assert
    expect(retried).toBe(true);
    expect([first, second]).toEqual([1, 2]);
    expect(apologies.filter(Boolean)).toHaveLength(1);
  });
});

describe('the conversation item', () => {
  it('It should save with a version check and refuse a stale save', async () => {
    // Arrange
    const psid = `p${randomUUID()}`;
    const fresh = await loadConversation(psid);
    const saved = await saveConversation({ ...fresh, flow: { step: 'idle' } });

    // Act
    const stale = saveConversation({ ...fresh, flow: { step: 'service', page: 0 } });

    // Assert
    await expect(stale).rejects.toThrow('changed concurrently');
    expect((await loadConversation(psid)).version).toBe(saved.version);
  });

  it('It should clear the handover flag when staff take the thread back, and report whether it was set', async () => {
    // Arrange
    const psid = `p${randomUUID()}`;
    const fresh = await loadConversation(psid);
    await saveConversation({ ...fresh, flow: { step: 'idle' }, handover: true, handoverAt: Date.now() });

    // Act
    const cleared = await returnConversationToBot(psid);
    const again = await returnConversationToBot(psid);
    const after = await loadConversation(psid);

    // Assert
    expect([cleared, again]).toEqual([true, false]);
    expect(after.handover).toBe(false);
    expect(after.handoverAt).toBeUndefined();
    expect(after.version).toBe(2);
  });
});
