import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Suite 4, the parked-event path: the replay command (messenger-webhook `replay`) reads the
 * worker's on-failure records from the dead-letter queue and re-drives them. SQS has no local
 * stand-in in the stack, so a minimal SQS endpoint (JSON protocol: ReceiveMessage, DeleteMessage)
 * serves records shaped exactly as Lambda writes them; the replay runs in process and invokes the
 * real worker on the offline stack, whose replies land in the Messenger simulator.
 */
jest.setTimeout(120_000);

interface Queue {
  messages: { MessageId: string; ReceiptHandle: string; Body: string }[];
  deleted: string[];
}

function fakeSqs(queue: Queue): Promise<Server> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = raw ? (JSON.parse(raw) as { ReceiptHandle?: string }) : {};
      let out: unknown = {};
      if (target.endsWith('ReceiveMessage')) {
        const batch = queue.messages.filter((m) => !queue.deleted.includes(m.ReceiptHandle)).slice(0, 10);
        out = {
          Messages: batch.map((m) => ({ ...m, MD5OfBody: createHash('md5').update(m.Body).digest('hex') })),
        };
      } else if (target.endsWith('DeleteMessage')) {
        queue.deleted.push(input.ReceiptHandle ?? '');
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(out));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const PAGE_ID = () => process.env.MESSENGER_PAGE_ID ?? '104582931234567';

/** What Lambda puts on an async invocation's on-failure destination after the last retry. */
function failureRecord(psid: string, text: string) {
  const event = {
    sender: { id: psid },
    recipient: { id: PAGE_ID() },
    timestamp: Date.now(),
    message: { mid: `m_${randomBytes(18).toString('base64url')}`, text },
  };
  return {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: {
      body: { object: 'page', entry: [{ id: PAGE_ID(), time: Date.now(), messaging: [event] }] },
      receivedAt: Date.now(),
    },
    responseContext: { statusCode: 200, functionError: 'Unhandled' },
    responsePayload: { errorMessage: 'worker crashed mid-event' },
  };
}

async function replies(psid: string): Promise<number> {
  const res = await fetch(`${process.env.GRAPH_API_URL}/__sim/messages?psid=${psid}&since=0`);
  return ((await res.json()) as { outbound: { message?: unknown }[] }).outbound.filter((m) => m.message)
    .length;
}

async function settled(psid: string, atLeast: number): Promise<number> {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = await replies(psid);
    if (n !== last) [last, since] = [n, Date.now()];
    if ((n >= atLeast && Date.now() - since > 2500) || Date.now() - started > 60_000) return n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('replaying parked worker events', () => {
  it('It should re-drive each parked event once, delete it, and answer nothing twice when replayed again', async () => {
    // Arrange: two parked "help" events of one customer, plus a message that is not a failure record.
    const psid = `7${String(randomInt(1e14, 2.8e14)).padStart(15, '0')}`;
    const queue: Queue = {
      messages: [
        { MessageId: 'a', ReceiptHandle: 'rh-a', Body: JSON.stringify(failureRecord(psid, 'help')) },
        { MessageId: 'b', ReceiptHandle: 'rh-b', Body: '{"not":"a failure record"}' },
      ],
      deleted: [],
    };
    const server = await fakeSqs(queue);
    const { port } = server.address() as AddressInfo;
    process.env.AWS_ENDPOINT_URL_SQS = `http://127.0.0.1:${port}`;
    process.env.DEAD_LETTER_QUEUE_URL = `http://127.0.0.1:${port}/000000000000/worker-dlq`;
    const { handler } = require('../../services/messenger-webhook/src/functions/replay/handler') as {
      handler: (e: { max?: number }) => Promise<{ replayed: number; dropped: number }>;
    };

    try {
      // Act
      const first = await handler({ max: 10 });
      const answered = await settled(psid, 1);
      queue.deleted = queue.deleted.filter((h) => h !== 'rh-a'); // the same record parked again
      const second = await handler({ max: 10 });
      const afterSecond = await settled(psid, answered);

      // Assert
      expect(first.replayed).toBe(1);
      expect(first.dropped).toBeGreaterThanOrEqual(1);
      expect(queue.deleted).toContain('rh-a');
      expect(queue.deleted).not.toContain('rh-b');
      expect(answered).toBeGreaterThan(0);
      expect(second.replayed).toBe(1);
      expect(afterSecond).toBe(answered);
    } finally {
      server.close();
    }
  });
});
