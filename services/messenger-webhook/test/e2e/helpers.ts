import { createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * Helpers for talking to the offline stack the way Meta does: bodies serialized like Meta
 * (escaped unicode, `\/`), signed with the App Secret, POSTed to WEBHOOK_URL; the bot's answers
 * read back from the Messenger simulator's inspection endpoint.
 */
export const WEBHOOK_URL = process.env.WEBHOOK_URL as string;
export const GRAPH_API_URL = process.env.GRAPH_API_URL as string;
export const APP_SECRET = process.env.MESSENGER_APP_SECRET as string;
export const PAGE_ID = process.env.MESSENGER_PAGE_ID ?? '104582931234567';

export const randomPsid = () => `7${String(randomInt(1e14, 2.8e14)).padStart(15, '0')}`;
export const randomMid = () => `m_${randomBytes(18).toString('base64url')}`;
export const randomEmail = () => `chat-${randomBytes(5).toString('hex')}@example.com`;

/** Meta's serialization: non-ASCII as lowercase `\uXXXX`, `/` as `\/`. */
export function metaSerialize(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

export const sign = (bytes: Buffer | string, secret = APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(bytes).digest('hex')}`;

export async function postSigned(bytes: Buffer | string, headers: Record<string, string> = {}) {
  return fetch(WEBHOOK_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(bytes), ...headers },
    body: bytes,
  });
}

type Ev = Record<string, unknown>;

export const textEvent = (psid: string, text: string, timestamp = Date.now(), mid = randomMid()): Ev => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp,
  message: { mid, text },
});

export const postbackEvent = (psid: string, payload: string, timestamp = Date.now()): Ev => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp,
  postback: { mid: randomMid(), title: payload, payload },
});

export const quickReplyEvent = (
  psid: string,
  title: string,
  payload: string,
  timestamp = Date.now(),
): Ev => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp,
  message: { mid: randomMid(), text: title, quick_reply: { payload } },
});

export const webhookBody = (events: Ev[], key: 'messaging' | 'standby' = 'messaging') => ({
  object: 'page',
  entry: [{ id: PAGE_ID, time: Date.now(), [key]: events }],
});

export async function deliver(events: Ev[], key: 'messaging' | 'standby' = 'messaging') {
  const res = await postSigned(metaSerialize(webhookBody(events, key)));
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

export interface SimMessage {
  seq: number;
  psid: string;
  message?: {
    text?: string;
    quick_replies?: { title: string; payload: string }[];
    attachment?: {
      payload: {
        template_type: string;
        text?: string;
        buttons?: { title: string; payload: string }[];
        elements?: { title: string; buttons?: { title: string; payload: string }[] }[];
      };
    };
  };
  senderAction?: string;
  messagingType?: string;
  tag?: string;
}

/** What the bot sent to `psid` (sender actions excluded unless asked), oldest first. */
export async function botMessages(
  psid: string,
  opts: { since?: number; actions?: boolean } = {},
): Promise<SimMessage[]> {
  const res = await fetch(`${GRAPH_API_URL}/__sim/messages?psid=${psid}&since=${opts.since ?? 0}`);
  const { outbound } = (await res.json()) as { outbound: SimMessage[] };
  return opts.actions ? outbound : outbound.filter((m) => m.message);
}

/** Polls until `predicate` holds over the bot's messages to `psid`, or fails after `timeoutMs`. */
export async function waitForBot(
  psid: string,
  predicate: (msgs: SimMessage[]) => boolean,
  { since = 0, timeoutMs = 40000 } = {},
): Promise<SimMessage[]> {
  const started = Date.now();
  let last: SimMessage[] = [];
  while (Date.now() - started < timeoutMs) {
    last = await botMessages(psid, { since });
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `bot did not answer as expected within ${timeoutMs} ms; got ${JSON.stringify(last, null, 1).slice(0, 2000)}`,
  );
}

/** The simulator's current sequence number (to read only what comes after it). */
export async function simSeq(): Promise<number> {
  const res = await fetch(`${GRAPH_API_URL}/__sim/messages?psid=none`);
  return ((await res.json()) as { seq: number }).seq;
}

export const textOf = (m: SimMessage) => m.message?.text ?? m.message?.attachment?.payload.text ?? '';
export const quickReplies = (m: SimMessage | undefined) => m?.message?.quick_replies ?? [];
