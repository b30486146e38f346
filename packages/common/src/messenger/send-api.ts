import { createHmac } from 'node:crypto';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { loadConfig, secret } from '../config/index';
import { AppError } from '../errors/index';
import { createLogger, hashId, type Logger } from '../logging/index';
import { recordSendApiError } from '../metrics';
import * as z from '../schema/index';
import { traced } from '../tracing/index';
import { logMessage, type ReplyLog, withinMessagingWindow } from './log';
import type { Button, GenericElement, MessageTag, QuickReply, SenderAction } from './types';

/**
 * The Send API client: `POST {GRAPH_API_URL}/{GRAPH_API_VERSION}/me/messages` with the Page access
 * token (Authorization header, never in a logged URL) and `appsecret_proof`. Transient failures
 * (HTTP 5xx, Graph codes 1200, 613, 4, 2, network errors) are retried with exponential backoff and
 * full jitter; permanent ones (551 user unavailable, 2018001 no matching user, 190 invalid token,
 * any other 4xx) are not. Code 190 also emits the `PageTokenInvalid` metric, which has an alarm.
 */
const graphShape = {
  /** Graph API base URL; locally the simulator. @default 'https://graph.facebook.com' */
  GRAPH_API_URL: z._default(z.url(), 'https://graph.facebook.com'),
  /** Graph API version, e.g. `v23.0`: configuration, never a literal in code. @default 'v23.0' */
  GRAPH_API_VERSION: z._default(z.string().check(z.regex(/^v\d+\.\d+$/)), 'v23.0'),
};

let cfg: z.infer<z.ZodMiniObject<typeof graphShape>> | undefined;
const graphConfig = () => {
  cfg ??= loadConfig(graphShape);
  return cfg;
};

/** Meta's limits, enforced before a request is sent. */
export const LIMITS = {
  textChars: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  buttonText: 640,
  buttons: 3,
  buttonTitle: 20,
  genericElements: 10,
  elementTitle: 80,
  elementSubtitle: 80,
} as const;

const TRANSIENT_CODES = new Set([1200, 613, 4, 2, 17, 32]);
const PERMANENT_CODES = new Set([551, 2018001, 190, 10, 100, 200]);

export interface RetryPolicy {
  /** Total attempts including the first. @default 4 */
  attempts: number;
  /** First backoff ceiling in ms, doubled per attempt (full jitter). @default 250 */
  baseDelayMs: number;
  /** Largest backoff ceiling in ms. @default 4000 */
  maxDelayMs: number;
  /** Per-request timeout in ms. @default 5000 */
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const defaultPolicy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  timeoutMs: 5000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  random: Math.random,
};
let policy: RetryPolicy = defaultPolicy;

/** Overrides the retry policy (tests use a zero sleep); call without argument to restore the defaults. */
export function setSendApiPolicy(overrides?: Partial<RetryPolicy>): void {
  policy = { ...defaultPolicy, ...(overrides ?? {}) };
}

/** A Graph API call that failed for good (after retries when the failure was transient). */
export class GraphApiError extends AppError {
  constructor(
    readonly httpStatus: number,
    readonly graphCode: number | undefined,
    readonly graphSubcode: number | undefined,
    readonly retryable: boolean,
    graphMessage: string,
  ) {
    super('messenger.sendFailed', 'Messenger Send API failed', {
      detail: `Graph API ${httpStatus}${graphCode !== undefined ? ` code ${graphCode}` : ''}: ${graphMessage}`,
    });
    this.name = 'GraphApiError';
  }

  /** The customer cannot be reached (blocked the Page, deleted account): stop messaging them. */
  get userUnreachable(): boolean {
    return this.graphCode === 551 || this.graphCode === 2018001;
  }
}

export function isRetryableGraphFailure(httpStatus: number, code: number | undefined): boolean {
  if (code !== undefined && PERMANENT_CODES.has(code)) return false;
  if (code !== undefined && TRANSIENT_CODES.has(code)) return true;
  return httpStatus >= 500 || httpStatus === 429;
}

let log: Logger | undefined;
const logger = () => {
  log ??= createLogger('messenger-send-api');
  return log;
};

/** `PageTokenInvalid` with the fixed dimension `service=messenger` its alarm watches, whichever service sent. */
async function alarmInvalidToken(): Promise<void> {
  const metrics = new Metrics({ namespace: 'bookingbot', serviceName: 'messenger' });
  metrics.addMetric('PageTokenInvalid', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}

/** `appsecret_proof`: HMAC-SHA256 of the access token keyed by the App Secret, hex. */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/**
 * One Graph API call (`path` like `/me/messages`) with token, proof, timeout and the retry policy.
 * Returns the parsed JSON body.
 */
export async function graphRequest(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  // One X-Ray subsegment per call, retries included (a no-op off Lambda); ids (PSIDs) never in its name.
  const name = `graph ${method} ${(path.split('?')[0] ?? path).replace(/\d{6,}/g, '{id}')}`;
  return traced(name, () => graphCall(method, path, body));
}

async function graphCall(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const { GRAPH_API_URL, GRAPH_API_VERSION } = graphConfig();
  const [token, appSecret] = await Promise.all([
    secret('MESSENGER_PAGE_ACCESS_TOKEN'),
    secret('MESSENGER_APP_SECRET'),
  ]);
  const url = `${GRAPH_API_URL.replace(/\/$/, '')}/${GRAPH_API_VERSION}${path}${path.includes('?') ? '&' : '?'}appsecret_proof=${appSecretProof(token, appSecret)}`;
  let lastError: GraphApiError | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let status = 0;
    let parsed: Record<string, unknown> = {};
    try {
      const res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      status = res.status;
      const text = await res.text();
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (res.ok) return parsed;
    } catch (err) {
      // Network error, timeout or a non-JSON body: transient, like a 5xx.
      parsed = { error: { message: (err as Error).message } };
      status ||= 599;
    }
    const e = (parsed.error ?? {}) as { message?: string; code?: number; error_subcode?: number };
    const retryable = isRetryableGraphFailure(status, e.code);
    lastError = new GraphApiError(status, e.code, e.error_subcode, retryable, e.message ?? 'unknown error');
    logger().warn('Graph API call failed', {
      path: path.split('?')[0],
      attempt,
      httpStatus: status,
      graphCode: e.code,
      graphSubcode: e.error_subcode,
      retryable,
    });
    recordSendApiError(e.code ?? status);
    if (e.code === 190) await alarmInvalidToken();
    if (!retryable || attempt === policy.attempts) break;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    await policy.sleep(Math.floor(policy.random() * ceiling));
  }
  throw lastError as GraphApiError;
}

export interface SendOptions {
  /**
   * A message tag for updates that may fall outside the 24-hour window (reminders, booking
   * changes). Inside the window the message goes as RESPONSE; outside as MESSAGE_TAG with this tag.
   */
  tag?: MessageTag;
  /** Skip the message log/analytics write (sender actions are never logged). @default false */
  skipLog?: boolean;
  /**
   * Gather the sent message into this turn's reply log instead of writing a log item per message;
   * the caller writes the turn's replies once (`logReplies`). @default undefined (one item each)
   */
  replyLog?: ReplyLog;
}

/** The result of a send: the Graph message ids, one per message actually sent. */
export interface SendResult {
  messageIds: string[];
}

const shorten = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Splits text into chunks of at most `max` UTF-16 units, preferring paragraph, line, then word
 * breaks, and never splitting a surrogate pair. @default max 2000
 */
export function splitText(text: string, max: number = LIMITS.textChars): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // keep a surrogate pair together
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

async function messagingType(psid: string, tag: MessageTag | undefined) {
  if (!tag || (await withinMessagingWindow(psid))) return { messaging_type: 'RESPONSE' };
  return { messaging_type: 'MESSAGE_TAG', tag };
}

/** Sends one message object and logs it. */
export async function sendMessage(
  psid: string,
  message: Record<string, unknown>,
  log: { kind: string; text?: string },
  options: SendOptions = {},
): Promise<string> {
  const typing = await messagingType(psid, options.tag);
  const out = await graphRequest('POST', '/me/messages', { recipient: { id: psid }, ...typing, message });
  const mid = String(out.message_id ?? '');
  if (options.replyLog && !options.skipLog) {
    options.replyLog.replies.push({
      kind: log.kind,
      ...(log.text ? { text: log.text } : {}),
      mid,
      time: new Date().toISOString(),
    });
  } else if (!options.skipLog) {
    await logMessage({
      psid,
      direction: 'out',
      kind: log.kind,
      ...(log.text ? { text: log.text } : {}),
      mid,
    }).catch((err) =>
      logger().warn('outbound message not logged', { psidHash: hashId(psid, 'psid:'), error: err as Error }),
    );
  }
  return mid;
}

/** Sends text, split into messages under 2000 characters each, in order. */
export async function sendText(psid: string, text: string, options: SendOptions = {}): Promise<SendResult> {
  const messageIds: string[] = [];
  for (const chunk of splitText(text))
    messageIds.push(await sendMessage(psid, { text: chunk }, { kind: 'text', text: chunk }, options));
  return { messageIds };
}

/** Text with up to 13 quick replies (titles shortened to 20 characters). */
export async function sendQuickReplies(
  psid: string,
  text: string,
  replies: QuickReply[],
  options: SendOptions = {},
): Promise<SendResult> {
  if (replies.length === 0 || replies.length > LIMITS.quickReplies)
    throw new RangeError(`quick replies must number 1..${LIMITS.quickReplies}, got ${replies.length}`);
  const chunks = splitText(text);
  const head = chunks.slice(0, -1);
  const last = chunks.at(-1) ?? '';
  const messageIds: string[] = [];
  for (const chunk of head)
    messageIds.push(await sendMessage(psid, { text: chunk }, { kind: 'text', text: chunk }, options));
  const quick_replies = replies.map((r) => ({
    content_type: 'text',
    title: shorten(r.title, LIMITS.quickReplyTitle),
    payload: r.payload,
  }));
  messageIds.push(
    await sendMessage(
      psid,
      { text: last, quick_replies },
      { kind: 'quick_replies', text: `${last} [${replies.map((r) => r.title).join(' | ')}]` },
      options,
    ),
  );
  return { messageIds };
}

const toButton = (b: Button) => ({ ...b, title: shorten(b.title, LIMITS.buttonTitle) });

/** A button template: text (≤ 640 characters) with 1–3 postback or URL buttons. */
export async function sendButtons(
  psid: string,
  text: string,
  buttons: Button[],
  options: SendOptions = {},
): Promise<SendResult> {
  if (buttons.length === 0 || buttons.length > LIMITS.buttons)
    throw new RangeError(`a button template takes 1..${LIMITS.buttons} buttons, got ${buttons.length}`);
  const body = shorten(text, LIMITS.buttonText);
  const mid = await sendMessage(
    psid,
    {
      attachment: {
        type: 'template',
        payload: { template_type: 'button', text: body, buttons: buttons.map(toButton) },
      },
    },
    { kind: 'buttons', text: `${body} [${buttons.map((b) => b.title).join(' | ')}]` },
    options,
  );
  return { messageIds: [mid] };
}

/** A generic template (carousel) of 1–10 elements, each with up to 3 buttons. */
export async function sendGeneric(
  psid: string,
  elements: GenericElement[],
  options: SendOptions = {},
): Promise<SendResult> {
  if (elements.length === 0 || elements.length > LIMITS.genericElements)
    throw new RangeError(
      `a generic template takes 1..${LIMITS.genericElements} elements, got ${elements.length}`,
    );
  const mid = await sendMessage(
    psid,
    {
      attachment: {
        type: 'template',
        payload: {
          template_type: 'generic',
          elements: elements.map((e) => ({
            ...e,
            title: shorten(e.title, LIMITS.elementTitle),
            ...(e.subtitle ? { subtitle: shorten(e.subtitle, LIMITS.elementSubtitle) } : {}),
            ...(e.buttons ? { buttons: e.buttons.slice(0, LIMITS.buttons).map(toButton) } : {}),
          })),
        },
      },
    },
    { kind: 'generic', text: elements.map((e) => e.title).join(' | ') },
    options,
  );
  return { messageIds: [mid] };
}

/** `mark_seen` / `typing_on` / `typing_off`: not messages, never logged, failures only warned. */
export async function sendSenderAction(psid: string, action: SenderAction): Promise<void> {
  try {
    await graphRequest('POST', '/me/messages', { recipient: { id: psid }, sender_action: action });
  } catch (err) {
    logger().warn('sender action failed', { action, error: err as Error });
  }
}

/** The Page Inbox's app id in the handover protocol. */
export const PAGE_INBOX_APP_ID = '263902037430900';

/** Hands the thread to another app (default: the Page Inbox, where staff answer). */
export async function passThreadControl(
  psid: string,
  metadata: string,
  targetAppId: string = PAGE_INBOX_APP_ID,
): Promise<void> {
  await graphRequest('POST', '/me/pass_thread_control', {
    recipient: { id: psid },
    target_app_id: targetAppId,
    metadata,
  });
}

/** Takes the thread back (the bot is the primary receiver). */
export async function takeThreadControl(psid: string, metadata: string): Promise<void> {
  await graphRequest('POST', '/me/take_thread_control', { recipient: { id: psid }, metadata });
}

/** Sets Messenger Profile fields (get_started, greeting, persistent_menu, …). */
export async function setMessengerProfile(profile: Record<string, unknown>): Promise<void> {
  await graphRequest('POST', '/me/messenger_profile', profile);
}
