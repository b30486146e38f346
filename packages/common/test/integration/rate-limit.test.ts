import { randomUUID } from 'node:crypto';
import { consumeRateLimit } from '../../src/db/index';
import { RateLimitError } from '../../src/errors/index';

describe('the DynamoDB fixed-window rate limiter (DynamoDB Local)', () => {
  it('It should let exactly `limit` of 30 parallel requests through and reject the rest with Retry-After', async () => {
    const rule = { name: 'test', limit: 7, windowSeconds: 60 };
    const subject = randomUUID();
    const now = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => consumeRateLimit(rule, subject, now)),
    );
    const passed = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(passed).toHaveLength(7);
    expect(rejected).toHaveLength(23);
    for (const r of rejected) {
      expect(r.reason).toBeInstanceOf(RateLimitError);
      expect((r.reason as RateLimitError).retryAfter).toBeGreaterThanOrEqual(1);
    }
  });

  it('It should open a fresh budget in the next window', async () => {
    const rule = { name: 'test-window', limit: 1, windowSeconds: 10 };
    const subject = randomUUID();
    const t0 = Math.floor(Date.now() / 10000) * 10000;
    await consumeRateLimit(rule, subject, t0);
    await expect(consumeRateLimit(rule, subject, t0 + 5000)).rejects.toBeInstanceOf(RateLimitError);
    await expect(consumeRateLimit(rule, subject, t0 + 10000)).resolves.toBe(0);
  });
});
