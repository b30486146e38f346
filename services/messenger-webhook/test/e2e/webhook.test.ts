import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inbox } from '../../../../test/support/auth';
import {
  botMessages,
  deliver,
  metaSerialize,
  PAGE_ID,
  postSigned,
  randomMid,
  randomPsid,
  sign,
  textEvent,
  WEBHOOK_URL,
  waitForBot,
  webhookBody,
} from './helpers';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures', name));
const psidsOf = (body: Buffer) => {
  const parsed = JSON.parse(body.toString('utf8')) as {
    entry: { messaging: { sender: { id: string } }[] }[];
  };
  return [...new Set(parsed.entry.flatMap((e) => e.messaging.map((m) => m.sender.id)))];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Each test waits for the asynchronous worker; on a loaded 2-core machine that can take seconds.
jest.setTimeout(60_000);

// serverless-offline loads each function on its first call: warm both routes once, so the tests
// measure the webhook, not the first bundle load.
beforeAll(async () => {
  await fetch(`${WEBHOOK_URL}?hub.mode=subscribe&hub.verify_token=warm-up&hub.challenge=warm-up`);
  await postSigned(metaSerialize({ object: 'page', entry: [] }));
}, 180_000);

describe('GET /webhook (subscription handshake)', () => {
  it('It should echo hub.challenge as text when the verify token matches', async () => {
    // Arrange
    const url = `${WEBHOOK_URL}?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(process.env.MESSENGER_VERIFY_TOKEN as string)}&hub.challenge=1158201444`;

    // Act
    const res = await fetch(url);

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('It should answer 403 when the verify token is wrong', async () => {
    // Arrange
    const url = `${WEBHOOK_URL}?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=do-not-echo-me`;

    // Act
    const res = await fetch(url);

    // Assert
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('do-not-echo-me');
  });

  it('It should answer 400 naming the field when hub.challenge is missing', async () => {
    // Arrange
    const url = `${WEBHOOK_URL}?hub.mode=subscribe&hub.verify_token=x`;

    // Act
    const res = await fetch(url);

    // Assert
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('hub.challenge');
  });
});

describe('POST /webhook', () => {
  it('It should reject a missing signature with 401 and process nothing', async () => {
    // Arrange
    const psid = randomPsid();
    const body = metaSerialize(webhookBody([textEvent(psid, 'hello')]));

    // Act
    const res = await fetch(WEBHOOK_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await sleep(1500);

    // Assert
    expect(res.status).toBe(401);
    expect(await botMessages(psid, { actions: true })).toEqual([]);
  });

  it('It should reject a body with one tampered byte with 403 and process nothing', async () => {
    // Arrange
    const psid = randomPsid();
    const body = metaSerialize(webhookBody([textEvent(psid, 'hello')]));
    const signature = sign(body);
    const tampered = body.replace('hello', 'hellp');

    // Act
    const res = await postSigned(tampered, { 'x-hub-signature-256': signature });
    await sleep(1500);

    // Assert
    expect(res.status).toBe(403);
    expect(await botMessages(psid, { actions: true })).toEqual([]);
  });

  it('It should reject a signature made with another secret and a sha1-only signature', async () => {
    // Arrange
    const body = metaSerialize(webhookBody([textEvent(randomPsid(), 'hi')]));

    // Act
    const wrongSecret = await postSigned(body, { 'x-hub-signature-256': sign(body, 'another-secret') });
    const sha1Only = await fetch(WEBHOOK_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': 'sha1=0000000000000000000000000000000000000000',
      },
      body,
    });

    // Assert
    expect(wrongSecret.status).toBe(403);
    expect(sha1Only.status).toBe(401);
  });

  it('It should answer 400 to a signed body that is not JSON or not a Page webhook', async () => {
    // Arrange
    const notJson = '{"object":"page",';
    const notPage = metaSerialize({ object: 'instagram', entry: [] });

    // Act
    const a = await postSigned(notJson);
    const b = await postSigned(notPage);

    // Assert
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    expect(JSON.stringify(await b.json())).toContain('body.object');
  });

  it('It should accept the escaped-unicode single.json byte for byte and answer its sender', async () => {
    // Arrange: Meta's exact bytes, signed with this stack's App Secret
    const body = fixture('single.json');
    const [psid] = psidsOf(body);

    // Act
    const res = await postSigned(body);

    // Assert
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    const msgs = await waitForBot(psid as string, (m) => m.length >= 1);
    expect(msgs[0]?.messagingType).toBe('RESPONSE');
  });

  it.each(['batch10.json', 'batch10_oneEntry.json'])(
    'It should answer every sender of %s, not only the first event',
    async (file) => {
      // Arrange
      const body = fixture(file);
      const psids = psidsOf(body);

      // Act
      const res = await postSigned(body);

      // Assert
      expect(res.status).toBe(200);
      const parsed = JSON.parse(body.toString('utf8')) as { entry: { messaging: unknown[] }[] };
      expect(parsed.entry.flatMap((e) => e.messaging)).toHaveLength(10);
      for (const psid of psids) await waitForBot(psid, (m) => m.length >= 1);
    },
  );

  it('It should process a delivery Meta repeats (same mid) exactly once', async () => {
    // Arrange
    const psid = randomPsid();
    const event = textEvent(psid, 'help', Date.now(), randomMid());

    // Act
    await deliver([event]);
    await deliver([event]);
    await waitForBot(psid, (m) => m.length >= 2);
    await sleep(2500);

    // Assert: help = the help text + the menu, once
    const msgs = await botMessages(psid);
    expect(msgs).toHaveLength(2);
  });

  it('It should never answer echoes, reads or deliveries', async () => {
    // Arrange
    const psid = randomPsid();
    const now = Date.now();
    const echo = {
      sender: { id: PAGE_ID },
      recipient: { id: psid },
      timestamp: now,
      message: { mid: randomMid(), is_echo: true, app_id: 1, text: 'book' },
    };
    const read = {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: now + 1,
      read: { watermark: now },
    };
    const delivery = {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: now + 2,
      delivery: { mids: [randomMid()], watermark: now },
    };

    // Act
    await deliver([echo, read, delivery]);
    await sleep(3000);

    // Assert
    expect(await botMessages(psid, { actions: true })).toEqual([]);
  });

  it('It should handle one PSID’s events in timestamp order even when delivered out of order', async () => {
    // Arrange: "help" happened before "human", but arrives second in the batch
    const psid = randomPsid();
    const t0 = Date.now();
    const human = textEvent(psid, 'talk to a human', t0 + 10);
    const help = textEvent(psid, 'help', t0);

    // Act
    await deliver([human, help]);

    // Assert: help answered first (2 messages), then the handover notice; nothing after the handover
    const msgs = await waitForBot(psid, (m) => m.length >= 3);
    await sleep(1500);
    const all = await botMessages(psid);
    expect(all).toHaveLength(3);
    expect(msgs[0]?.message?.text).toMatch(/I can book/);
    expect(msgs[2]?.message?.text).toMatch(/connecting you with a person/);
  });
});

describe('POST /webhook with items that have no customer (issue 12, defect 2)', () => {
  it('It should answer the customers of a batch that also holds a sender-less optin, policy-enforcement and app_roles', async () => {
    // Arrange
    const [a, b] = [randomPsid(), randomPsid()];
    const body = webhookBody([
      textEvent(a, 'hi'),
      {
        recipient: { id: PAGE_ID },
        timestamp: Date.now(),
        optin: { ref: 'cart', user_ref: `ur_${randomMid()}` },
      },
      { recipient: { id: PAGE_ID }, timestamp: Date.now(), app_roles: { '123456': ['automation'] } },
      textEvent(b, 'hello'),
    ]);

    // Act
    const res = await postSigned(metaSerialize(body));
    const [toA, toB] = await Promise.all([
      waitForBot(a, (m) => m.length > 0),
      waitForBot(b, (m) => m.length > 0),
    ]);

    // Assert
    expect(res.status).toBe(200);
    expect(toA.length).toBeGreaterThan(0);
    expect(toB.length).toBeGreaterThan(0);
  });

  it('It should email staff about a policy-enforcement event and still answer the other customer', async () => {
    // Arrange: a Page id of its own, so this test's staff email is recognizable in the shared inbox
    const pageId = `9${String(Date.now()).slice(-12)}`;
    const psid = randomPsid();
    const body = {
      object: 'page',
      entry: [
        {
          id: pageId,
          time: Date.now(),
          messaging: [
            {
              recipient: { id: pageId },
              timestamp: Date.now(),
              'policy-enforcement': { action: 'block', reason: 'The bot violated the Messenger policy' },
            },
            textEvent(psid, 'hi'),
          ],
        },
      ],
    };

    // Act
    const res = await postSigned(metaSerialize(body));
    const answered = await waitForBot(psid, (m) => m.length > 0);
    const mail = await waitForStaffMail(new RegExp(`policy enforcement on Page ${pageId}`));

    // Assert
    expect(res.status).toBe(200);
    expect(answered.length).toBeGreaterThan(0);
    expect(mail.subject).toContain('block');
  });
});

/** The staff address of the test stack (ADMIN_EMAILS), read from SES local's store. */
async function waitForStaffMail(subject: RegExp): Promise<{ subject: string }> {
  const staff = (process.env.ADMIN_EMAILS ?? 'admin@example.com').split(',')[0]?.trim() ?? '';
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = (await inbox(staff)).find((m) => subject.test(m.subject));
    if (found) return found;
    await sleep(250);
  }
  throw new Error(`no staff mail matching ${subject}`);
}
