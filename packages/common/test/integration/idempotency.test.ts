import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, idempotencyStore } from '../../src/db/index';

const store = idempotencyStore<{ n: number }>({
  type: 'testIdempotency',
  key: (id) => ({ pk: `TESTIDEMP#${id}`, sk: 'TESTIDEMP' }),
  ttlSeconds: 3600,
  lockMs: 1000,
});

describe('the idempotency store (DynamoDB Local)', () => {
  it('It should let exactly one of 20 parallel claims win and report the others in progress', async () => {
    const id = randomUUID();
    const claims = await Promise.all(Array.from({ length: 20 }, () => store.claim(id)));
    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'inProgress')).toHaveLength(19);
  });

  it('It should answer a completed operation with its stored response, and never release it', async () => {
    const id = randomUUID();
    expect((await store.claim(id, { requestHash: 'h1' })).outcome).toBe('claimed');
    await store.complete(id, { n: 7 });
    await store.release(id);
    const again = await store.claim(id);
    expect(again).toEqual({
      outcome: 'completed',
      record: { status: 'COMPLETED', requestHash: 'h1', response: { n: 7 } },
    });
  });

  it('It should give a released or abandoned claim to the next caller', async () => {
    const released = randomUUID();
    await store.claim(released);
    await store.release(released);
    expect((await store.claim(released)).outcome).toBe('claimed');

    const abandoned = randomUUID();
    const t0 = Date.now();
    await store.claim(abandoned, { now: t0 });
    expect((await store.claim(abandoned, { now: t0 + 500 })).outcome).toBe('inProgress');
    expect((await store.claim(abandoned, { now: t0 + 1500 })).outcome).toBe('claimed');
  });

  it('It should record a result inside a transaction once: the second transaction with the key is cancelled', async () => {
    const id = randomUUID();
    const put = () =>
      documentClient().send(
        new TransactWriteCommand({
          TransactItems: [store.completedInTransaction(id, { requestHash: 'h', response: { n: 1 } })],
        }),
      );
    await put();
    await expect(put()).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await store.find(id)).toEqual({ status: 'COMPLETED', requestHash: 'h', response: { n: 1 } });
  });
});
