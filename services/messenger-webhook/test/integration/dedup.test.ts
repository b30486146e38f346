import { randomUUID } from 'node:crypto';
import { claimEvent, completeEvent, releaseEvent } from '../../src/lib/dedup';

/** De-duplication records in DynamoDB Local: what makes Meta's redeliveries harmless. */
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

  it('It should give a released (failed) event back for the retry', async () => {
    // Arrange
    const mid = `m_${randomUUID()}`;
    await claimEvent(mid);

    // Act
    await releaseEvent(mid);
    const retried = await claimEvent(mid);

    // Assert
    expect(retried).toBe(true);
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
