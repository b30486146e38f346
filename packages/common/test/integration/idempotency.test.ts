import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, idempotencyStore, tableName } from '../../src/db/index';

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

  it('It should answer a completed operation with its stored response, and never reopen it', async () => {
    const id = randomUUID();
    expect((await store.claim(id, { requestHash: 'h1' })).outcome).toBe('claimed');
    await store.complete(id, { n: 7 });
    expect(await store.fail(id)).toBe(0);
    const again = await store.claim(id);
    expect(again).toEqual({
      outcome: 'completed',
      record: { status: 'COMPLETED', requestHash: 'h1', response: { n: 7 } },
    });
  });

  it('It should give a failed or abandoned claim to the next caller, counting the failures', async () => {
    const failed = randomUUID();
    await store.claim(failed);
    expect(await store.fail(failed)).toBe(1);
    expect((await store.claim(failed)).outcome).toBe('claimed');
    expect(await store.fail(failed)).toBe(2);
    expect(await store.find(failed)).toMatchObject({ status: 'FAILED', attempts: 2 });

    const abandoned = randomUUID();
    const t0 = Date.now();
    await store.claim(abandoned, { now: t0 });
    expect((await store.claim(abandoned, { now: t0 + 500 })).outcome).toBe('inProgress');
    expect((await store.claim(abandoned, { now: t0 + 1500 })).outcome).toBe('claimed');
  });

  it('It should set a flag once per record (one apology per failed event) and keep extra attributes', async () => {
    const id = randomUUID();
    expect(await store.flagOnce(id, 'apologizedAt')).toBe(false); // no record yet
    await store.claim(id, { attributes: { start: '2026-12-03T09:00:00Z' } });
    const flags = await Promise.all(Array.from({ length: 5 }, () => store.flagOnce(id, 'apologizedAt')));
    expect(flags.filter(Boolean)).toHaveLength(1);
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: tableName(), Key: { pk: `TESTIDEMP#${id}`, sk: 'TESTIDEMP' } }),
    );
    expect(Item).toMatchObject({ start: '2026-12-03T09:00:00Z', type: 'testIdempotency' });
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
