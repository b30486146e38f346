import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error a plain ES module of the scripts (no types)
import { startInvokeQueue } from '../../scripts/lib/invoke-queue.mjs';

const path = '/2015-03-31/functions/bookingbot-messenger-webhook-local-worker/invocations';

/**
 * A stand-in for serverless-offline's invoke endpoint that records what it is sent and holds every
 * answer until `release()` (so a test sees what runs while nothing has finished).
 */
async function heldLambda() {
  const seen: { type?: string; body: string }[] = [];
  let running = 0;
  let maxRunning = 0;
  let released = false;
  const held: Array<() => void> = [];
  const server = createServer((req, res) => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ type: req.headers['x-amz-invocation-type'] as string | undefined, body });
      const answer = () => {
        running -= 1;
        res
          .writeHead(req.url === path ? 200 : 404, { 'content-type': 'application/json' })
          .end('{"ok":true}');
      };
      if (released) answer();
      else held.push(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    maxRunning: () => maxRunning,
    release: () => {
      released = true;
      for (const answer of held.splice(0)) answer();
    },
    close: () => new Promise((r) => server.close(r)),
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const post = (port: number, type: string, body: string, url = path) =>
  fetch(`http://127.0.0.1:${port}${url}`, {
    method: 'POST',
    headers: { 'x-amz-invocation-type': type },
    body,
  });

describe('the local async-invoke queue (scripts/lib/invoke-queue.mjs)', () => {
  it('It should answer Event invokes 202 before any run finishes, and run them in arrival order, at most `concurrency` at a time, as RequestResponse', async () => {
    // Arrange
    const lambda = await heldLambda();
    const port = await freePort();
    const queue = await startInvokeQueue({ port, target: lambda.url, concurrency: 2 });
    try {
      // Act: eight Event invokes while the function has answered none
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await post(port, 'Event', `{"n":${i}}`)).status);
      while (lambda.seen.length < 2) await new Promise((r) => setTimeout(r, 20));
      const startedWhileHeld = lambda.seen.length;
      lambda.release();
      while (lambda.seen.length < 8) await new Promise((r) => setTimeout(r, 20));

      // Assert
      expect(statuses).toEqual(Array(8).fill(202));
      expect(startedWhileHeld).toBe(2);
      expect(lambda.maxRunning()).toBe(2);
      expect(lambda.seen.map((s) => s.type)).toEqual(Array(8).fill('RequestResponse'));
      // In arrival order, two at a time (two runs in flight may reach the function in either order).
      const ran = lambda.seen.map((s) => JSON.parse(s.body).n as number);
      expect([...ran].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(ran.every((n, i) => Math.abs(n - i) <= 1)).toBe(true);
    } finally {
      await queue.close();
      await lambda.close();
    }
  });

  it('It should pass a RequestResponse invoke through with the function’s answer', async () => {
    // Arrange
    const lambda = await heldLambda();
    lambda.release();
    const port = await freePort();
    const queue = await startInvokeQueue({ port, target: lambda.url });
    try {
      // Act
      const ok = await post(port, 'RequestResponse', '{}');
      const missing = await post(port, 'RequestResponse', '{}', '/2015-03-31/functions/nope/invocations');

      // Assert
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true });
      expect(missing.status).toBe(404);
    } finally {
      await queue.close();
      await lambda.close();
    }
  });
});
