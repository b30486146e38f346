import { randomInt } from 'node:crypto';
import {
  GraphApiError,
  sendQuickReplies,
  sendText,
  setSendApiPolicy,
  touchInbound,
} from '../../src/messenger/index';

/**
 * The Send API client against the Messenger simulator (GRAPH_API_URL) and DynamoDB Local: real
 * HTTP, real token and appsecret_proof checks; failures injected per PSID by the simulator.
 */
const SIM = process.env.GRAPH_API_URL as string;
const psid = () => `7${String(randomInt(1e14, 2.8e14))}`;

interface Recorded {
  method: string;
  path: string;
  body: { recipient?: { id: string }; messaging_type?: string; tag?: string; message?: { text?: string } };
}

async function requestsFor(id: string): Promise<Recorded[]> {
  const { requests } = (await (await fetch(`${SIM}/__sim/requests`)).json()) as { requests: Recorded[] };
  return requests.filter((r) => r.body.recipient?.id === id);
}

async function injectFault(id: string, count: number, status: number, code: number) {
  await fetch(`${SIM}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ psid: id, count, status, code }),
  });
}

const sleeps: number[] = [];
beforeEach(() => {
  sleeps.length = 0;
  setSendApiPolicy({ sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });
});
afterAll(() => setSendApiPolicy());

describe('the Send API client', () => {
  it('It should send text as RESPONSE with the Page token and a valid appsecret_proof', async () => {
    // Arrange
    const id = psid();

    // Act
    const { messageIds } = await sendText(id, 'Hello there');

    // Assert: the simulator refuses a wrong token or proof with code 190, so success proves both
    expect(messageIds).toHaveLength(1);
    const [req] = await requestsFor(id);
    expect(req?.path).toBe(`/${process.env.GRAPH_API_VERSION}/me/messages`);
    expect(req?.body).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Hello there' } });
  });

  it('It should retry 5xx with growing backoff and succeed', async () => {
    // Arrange
    const id = psid();
    await injectFault(id, 2, 500, 2);

    // Act
    const { messageIds } = await sendText(id, 'after two failures');

    // Assert
    expect(messageIds).toHaveLength(1);
    expect(await requestsFor(id)).toHaveLength(3);
    expect(sleeps).toEqual([125, 250]); // full jitter at random 0.5 of 250, 500
  });

  it('It should retry rate limits (613) and temporary errors (1200)', async () => {
    // Arrange
    const a = psid();
    const b = psid();
    await injectFault(a, 1, 400, 613);
    await injectFault(b, 1, 500, 1200);

    // Act
    await sendText(a, 'rate limited once');
    await sendText(b, 'temporary error once');

    // Assert
    expect(await requestsFor(a)).toHaveLength(2);
    expect(await requestsFor(b)).toHaveLength(2);
  });

  it('It should not retry 551 (customer unavailable) and report it as unreachable', async () => {
    // Arrange
    const id = psid();
    await injectFault(id, 1, 400, 551);

    // Act
    const error = await sendText(id, 'nobody home').catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ graphCode: 551, retryable: false, userUnreachable: true });
    expect(await requestsFor(id)).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('It should give up after the configured attempts on a persistent 5xx', async () => {
    // Arrange
    const id = psid();
    await injectFault(id, 10, 503, 2);

    // Act
    const error = await sendText(id, 'never').catch((e: unknown) => e);

    // Assert
    expect(error).toMatchObject({ httpStatus: 503, retryable: true });
    expect(await requestsFor(id)).toHaveLength(4);
  });

  it('It should tag an update outside the 24-hour window and answer plainly inside it', async () => {
    // Arrange
    const outside = psid();
    const inside = psid();
    await touchInbound(outside, Date.now() - 25 * 3600 * 1000);
    await touchInbound(inside, Date.now() - 60_000);

    // Act
    await sendText(outside, 'Your appointment moved', { tag: 'CONFIRMED_EVENT_UPDATE' });
    await sendText(inside, 'Your appointment moved', { tag: 'CONFIRMED_EVENT_UPDATE' });

    // Assert
    expect((await requestsFor(outside))[0]?.body).toMatchObject({
      messaging_type: 'MESSAGE_TAG',
      tag: 'CONFIRMED_EVENT_UPDATE',
    });
    expect((await requestsFor(inside))[0]?.body.messaging_type).toBe('RESPONSE');
  });

  it('It should split a long text into ordered messages under 2000 characters', async () => {
    // Arrange
    const id = psid();
    const text = Array.from({ length: 120 }, (_, i) => `Line ${i} of a long help text.`).join('\n');

    // Act
    const { messageIds } = await sendText(id, text);

    // Assert
    const sent = (await requestsFor(id)).map((r) => r.body.message?.text ?? '');
    expect(messageIds.length).toBe(sent.length);
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) expect(s.length).toBeLessThan(2000);
    expect(sent[0]?.startsWith('Line 0 ')).toBe(true);
  });

  it('It should refuse more than 13 quick replies before calling Meta', async () => {
    // Arrange
    const id = psid();
    const replies = Array.from({ length: 14 }, (_, i) => ({ title: `T${i}`, payload: `P${i}` }));

    // Act
    const error = await sendQuickReplies(id, 'pick', replies).catch((e: unknown) => e);

    // Assert
    expect(error).toBeInstanceOf(RangeError);
    expect(await requestsFor(id)).toHaveLength(0);
  });
});
