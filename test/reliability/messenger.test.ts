import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { stackFetch } from '../security/support/http';

/**
 * Suites 3 and 4, Messenger side, against the offline stack and the Messenger simulator (the Graph
 * API stand-in, with fault injection): duplicate deliveries in parallel are answered once, Graph
 * API failures are retried (5xx, 613) or given up cleanly (551) without a second reply or a lost
 * event. The expected number of replies is measured on a control conversation, never hard-coded.
 */
jest.setTimeout(180_000);

const GRAPH = () => process.env.GRAPH_API_URL as string;
const PAGE_ID = () => process.env.MESSENGER_PAGE_ID ?? '104582931234567';
const psid = () => `7${String(randomInt(1e14, 2.8e14)).padStart(15, '0')}`;
const mid = () => `m_${randomBytes(18).toString('base64url')}`;

function signedBody(sender: string, text: string, messageId = mid()): { bytes: string; signature: string } {
  const bytes = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: PAGE_ID(),
        time: Date.now(),
        messaging: [
          {
            sender: { id: sender },
            recipient: { id: PAGE_ID() },
            timestamp: Date.now(),
            message: { mid: messageId, text },
          },
        ],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', process.env.MESSENGER_APP_SECRET as string)
    .update(bytes)
    .digest('hex')}`;
  return { bytes, signature };
}

async function deliver(body: { bytes: string; signature: string }): Promise<number> {
  const res = await stackFetch(process.env.WEBHOOK_URL as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': body.signature },
    body: body.bytes,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Messages (not sender actions) the bot sent to `to`. */
async function replies(to: string): Promise<unknown[]> {
  const res = await fetch(`${GRAPH()}/__sim/messages?psid=${to}&since=0`);
  const { outbound } = (await res.json()) as { outbound: { message?: unknown }[] };
  return outbound.filter((m) => m.message);
}

/** Waits until the replies to `to` stop changing for `quietMs` (the worker is done), then returns them. */
async function settledReplies(to: string, { atLeast = 1, quietMs = 2500, timeoutMs = 60_000 } = {}) {
  const started = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = (await replies(to)).length;
    if (n !== last) {
      last = n;
      since = Date.now();
    }
    if (n >= atLeast && Date.now() - since >= quietMs) return n;
    if (Date.now() - started > timeoutMs) return n;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function injectFaults(count: number, status: number, code: number, subcode?: number, to?: string) {
  const res = await fetch(`${GRAPH()}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      count,
      status,
      code,
      ...(subcode ? { subcode } : {}),
      ...(to ? { psid: to } : {}),
    }),
  });
  if (!res.ok) throw new Error(`simulator /__sim/faults answered ${res.status}`);
}

let expected = 0;

beforeAll(async () => {
  // Control: how many messages one "help" gets on a healthy day.
  const control = psid();
  expect(await deliver(signedBody(control, 'help'))).toBe(200);
  expected = await settledReplies(control);
});

describe('duplicate webhook deliveries', () => {
  it('It should answer one event delivered 8 times in parallel exactly once, 3 rounds', async () => {
    for (let round = 0; round < 3; round++) {
      // Arrange
      const user = psid();
      const body = signedBody(user, 'help');

      // Act
      const statuses = await Promise.all(Array.from({ length: 8 }, () => deliver(body)));
      const n = await settledReplies(user);

      // Assert
      expect(expected).toBeGreaterThan(0);
      expect(statuses).toEqual(Array(8).fill(200));
      expect(n).toBe(expected);
    }
  });
});

describe('Graph API faults', () => {
  it.each([
    ['HTTP 500 (code 2)', 500, 2],
    ['rate limit (code 613)', 400, 613],
    ['HTTP 503 (code 1200)', 503, 1200],
  ])(
    'It should retry a send that fails with %s and deliver every reply exactly once',
    async (_name, status, code) => {
      // Arrange
      const user = psid();
      await injectFaults(2, status, code);

      // Act
      expect(await deliver(signedBody(user, 'help'))).toBe(200);
      const n = await settledReplies(user);

      // Assert
      expect(n).toBe(expected);
    },
  );

  it('It should give up on a user who is unavailable (551) without retrying it, and answer the next message normally', async () => {
    // Arrange
    const user = psid();
    const before = ((await (await fetch(`${GRAPH()}/__sim/requests`)).json()) as { requests: unknown[] })
      .requests.length;
    await injectFaults(1, 400, 551, 1545041);

    // Act
    expect(await deliver(signedBody(user, 'help'))).toBe(200);
    const afterFault = await settledReplies(user, { atLeast: 0, quietMs: 4000 });
    const requests = (
      (await (await fetch(`${GRAPH()}/__sim/requests`)).json()) as {
        requests: { path: string; body?: { recipient?: { id?: string }; sender_action?: string } }[];
      }
    ).requests.slice(before);
    expect(await deliver(signedBody(user, 'help'))).toBe(200);
    const afterNext = await settledReplies(user, { atLeast: afterFault + expected });

    // Assert: the failed message was tried once (551 is permanent), nothing was sent twice.
    const sends = requests.filter(
      (r) => r.path.endsWith('/me/messages') && r.body?.recipient?.id === user && !r.body?.sender_action,
    );
    expect(sends.length).toBeLessThanOrEqual(expected);
    expect(afterFault).toBeLessThan(expected);
    expect(afterNext - afterFault).toBe(expected);
  });
});

/** The texts of the messages the bot sent to `to`. */
async function replyTexts(to: string): Promise<string[]> {
  const res = await fetch(`${GRAPH()}/__sim/messages?psid=${to}&since=0`);
  const { outbound } = (await res.json()) as { outbound: { message?: { text?: string } }[] };
  return outbound.flatMap((m) => (m.message ? [m.message.text ?? ''] : []));
}

describe('an event that fails for good (issue 12, defect 4)', () => {
  it('It should apologize exactly once with the menu after the last attempt, and not again when the event is redelivered', async () => {
    // Arrange: every attempt's send is refused (code 100: not retried, not "customer unreachable")
    const user = psid();
    const body = signedBody(user, 'help');
    await injectFaults(3, 400, 100, undefined, user);

    // Act 1: the first try and the two retries fail, then the apology goes out
    expect(await deliver(body)).toBe(200);
    await settledReplies(user, { quietMs: 5000 });
    const afterFirst = await replyTexts(user);

    // Act 2: Meta redelivers the same event and it fails three more times
    await injectFaults(3, 400, 100, undefined, user);
    expect(await deliver(body)).toBe(200);
    await settledReplies(user, { atLeast: 0, quietMs: 6000 });
    const afterRedelivery = await replyTexts(user);

    // Assert
    expect(afterFirst).toEqual([expect.stringMatching(/something went wrong on our side/)]);
    expect(afterRedelivery).toEqual(afterFirst);
  });
});
