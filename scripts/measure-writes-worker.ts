// The in-process half of scripts/measure-writes.mjs: drives the real webhook worker handler with
// text messages, the way the bench's webhook-1 flow does ("Hello", then "menu"), one message per
// invocation, each waiting for the previous. Its DynamoDB calls go through the measuring proxy
// (DYNAMODB_ENDPOINT), which books them to the flow named here. Prints one JSON line.
import { randomBytes, randomInt } from 'node:crypto';
import { handler } from '../services/messenger-webhook/src/functions/worker/handler';

export async function main(): Promise<void> {
  const proxy = process.env.MEASURE_PROXY_URL as string;
  const pageId = process.env.MESSENGER_PAGE_ID as string;
  const users = Number(process.env.MEASURE_USERS ?? 5);
  const turns = Number(process.env.MEASURE_TURNS ?? 4);
  const setFlow = (name: string) => fetch(`${proxy}/__bench/flow?name=${encodeURIComponent(name)}`);
  // One warm-up message outside the ledger: first-use costs (clients, config) are not per message.
  const send = async (psid: string, text: string) => {
    const now = Date.now();
    await handler({
      receivedAt: now,
      body: {
        object: 'page',
        entry: [
          {
            id: pageId,
            time: now,
            messaging: [
              {
                sender: { id: psid },
                recipient: { id: pageId },
                timestamp: now,
                message: { mid: `m_${randomBytes(18).toString('base64url')}`, text },
              },
            ],
          },
        ],
      },
    } as never);
  };
  await setFlow('');
  await send(`${randomInt(1e7, 9e7)}${randomInt(1e7, 9e7)}`, 'Hello');
  await setFlow('worker-text');
  for (let u = 0; u < users; u++) {
    const psid = `${randomInt(1e7, 9e7)}${randomInt(1e7, 9e7)}`;
    for (let t = 0; t < turns; t++) await send(psid, t === 0 ? 'Hello' : 'menu');
  }
  await setFlow('');
  console.log(JSON.stringify({ messages: users * turns }));
}
