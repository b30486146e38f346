import { createHash } from 'node:crypto';
import { type AttributeValue, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AwsClient } from 'aws4fetch';
import { loadConfig } from '../config';
import { documentClient, tableName } from '../db/index';
import { hashId } from '../logging';
import { messagesOfLogItem } from '../messenger/log-item';
import * as z from '../schema/index';
import { traced } from '../tracing/index';
import { type AnalyticsEvent, EVENT_SCHEMA_VERSION } from './events';
import { encodeBatch } from './lake';

/**
 * The event writer: turns a batch of DynamoDB Stream records (already filtered to inserted
 * `analyticsEvent` and `messageLog` items) into one S3 PUT per day present in the batch. Message
 * events (`messenger.message.received|sent`) are derived from the message log's inserts, so
 * logging a message costs one write, not two (docs/capacity.md "Writes per message"). Deployed it runs
 * as the `eventWriter` Lambda on the table's stream; locally the stream poller
 * (scripts/analytics-pipeline.ts) calls the same function.
 */
/** One object PUT into the lake; rejects when S3 did not store it. */
export type LakePut = (object: {
  bucket: string;
  key: string;
  body: Uint8Array;
  contentType: string;
  contentEncoding?: string;
}) => Promise<void>;

/**
 * S3 `PutObject` as one SigV4-signed `fetch` (aws4fetch, already bundled for SSM and SES) instead
 * of `@aws-sdk/client-s3`: with the XML protocol, checksum and S3 middleware it pulls in, the client
 * was ≈ 160 KB of the `eventWriter` bundle, parsed at every cold start for one PUT of a gzip body.
 * Path-style URLs under `endpoint` (S3 local), virtual-hosted ones on AWS; the body's SHA-256 is
 * signed (`x-amz-content-sha256`). The SDK standard mode's retry budget: 3 attempts, full-jitter
 * backoff from 100 ms, on 5xx, 429 and a failed connection; any other answer rejects at once with
 * S3's error code as its name (`NoSuchBucket`, `AccessDenied`…). Credentials are the execution
 * role's, from the environment, unless given. @default retries 2
 */
export function s3PutTransport(
  options: {
    endpoint?: string | undefined;
    region?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    retries?: number;
  } = {},
): LakePut {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const endpoint = options.endpoint?.replace(/\/$/, '');
  const attempts = (options.retries ?? 2) + 1;
  let signer: AwsClient | undefined;
  return async ({ bucket, key, body, contentType, contentEncoding }) => {
    signer ??= new AwsClient({
      accessKeyId: options.credentials?.accessKeyId ?? process.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: options.credentials?.secretAccessKey ?? process.env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: options.credentials ? options.credentials.sessionToken : process.env.AWS_SESSION_TOKEN,
      service: 's3',
      region,
      // Retried below, where a failed connection is retried too (aws4fetch retries status codes only).
      retries: 0,
    });
    const path = key.split('/').map(encodeURIComponent).join('/');
    const url = endpoint
      ? `${endpoint}/${bucket}/${path}`
      : `https://${bucket}.s3.${region}.amazonaws.com/${path}`;
    const init = {
      method: 'PUT',
      headers: {
        'Content-Type': contentType,
        ...(contentEncoding ? { 'Content-Encoding': contentEncoding } : {}),
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
      },
      body,
    };
    for (let attempt = 1; ; attempt++) {
      const backoff = () => new Promise((r) => setTimeout(r, Math.random() * 100 * 2 ** (attempt - 1)));
      let res: Response;
      try {
        res = await signer.fetch(url, init);
      } catch (err) {
        if (attempt >= attempts) throw err;
        await backoff();
        continue;
      }
      const text = await res.text();
      if (res.ok) return;
      if ((res.status >= 500 || res.status === 429) && attempt < attempts) {
        await backoff();
        continue;
      }
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
      const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? '';
      throw Object.assign(new Error(`S3 PutObject failed: ${code} ${message}`.trim()), {
        name: code,
        status: res.status,
      });
    }
  };
}

let lakePutOfProcess: LakePut | undefined;

/** The lake's PUT (S3 local when `S3_ENDPOINT` is set, with s3rver's fixed credentials). */
export function lakePut(): LakePut {
  if (!lakePutOfProcess) {
    const cfg = loadConfig({
      S3_ENDPOINT: z.optional(z.url()),
      AWS_REGION: z._default(z.string(), 'us-east-1'),
    });
    lakePutOfProcess = s3PutTransport({
      endpoint: cfg.S3_ENDPOINT,
      region: cfg.AWS_REGION,
      ...(cfg.S3_ENDPOINT ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
    });
  }
  return lakePutOfProcess;
}

/**
 * The table's current stream ARN. Only the local pipeline (scripts/analytics-pipeline.ts) needs it:
 * deployed, the event source mapping reads the stream for the Lambda.
 */
export async function tableStreamArn(): Promise<string> {
  const out = await documentClient().send(new DescribeTableCommand({ TableName: tableName() }));
  const arn = out.Table?.LatestStreamArn;
  if (!arn) throw new Error(`table ${tableName()} has no stream`);
  return arn;
}

/** The minimal shape of a stream record the writer needs (Lambda's and the Streams API's agree). */
export interface StreamRecordLike {
  eventName?: string;
  dynamodb?: { NewImage?: Record<string, unknown> };
}

/** The item types whose inserts carry analytics events (the stream filter of the deployed writer). */
export const STREAM_EVENT_ITEM_TYPES = ['analyticsEvent', 'messageLog'] as const;

/**
 * A uuid-shaped id derived from an item's key (sha-256, version nibble 8 = RFC 9562 custom): the
 * same stream record always yields the same event id, so a retried batch overwrites its own lake
 * object and `DISTINCT event_id` counts a redelivered record once.
 */
export function eventIdFromKey(pk: string, sk: string): string {
  const h = createHash('sha256').update(`${pk}\n${sk}`).digest('hex');
  const variant = '89ab'[Number.parseInt(h.charAt(16), 16) & 3];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The analytics event of one message log item (`MSGLOG#<psid>`, owned by
 * `@bookingbot/common/messenger` log.ts): `messenger.message.received` for `in`, `sent` for `out`,
 * at the message's time, with its kind as the only property. Undefined for an item without the
 * fields the event needs.
 */
export function messageEventFromLog(item: Record<string, unknown>): AnalyticsEvent | undefined {
  const { pk, sk, psid, direction, kind, time } = item;
  if (typeof pk !== 'string' || typeof sk !== 'string' || typeof psid !== 'string') return undefined;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return undefined;
  if (direction !== 'in' && direction !== 'out') return undefined;
  return {
    v: EVENT_SCHEMA_VERSION,
    eventId: eventIdFromKey(pk, sk),
    type: direction === 'in' ? 'messenger.message.received' : 'messenger.message.sent',
    time,
    dt: time.slice(0, 10),
    psidHash: hashId(psid, 'psid:'),
    props: typeof kind === 'string' ? { kind } : {},
  };
}

/**
 * The analytics events of one inserted message log item: one per message it holds — the item's
 * own, and one `messenger.message.sent` per later reply of the turn it carries (`more`, written by
 * `logReplies`), each with the event id its own item would have had (derived from the item's pk
 * and the reply's `<time>#out#<mid>`), so a retried batch yields the same ids.
 */
export function messageEventsFromLog(item: Record<string, unknown>): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  if (typeof item.pk !== 'string' || typeof item.sk !== 'string') return events;
  for (const { sk, message } of messagesOfLogItem(item)) {
    const e = messageEventFromLog({ ...message, pk: item.pk, sk });
    if (e) events.push(e);
  }
  return events;
}

/**
 * Analytics events carried by stream records: recorded events, and one message event per message
 * of an inserted message log item. Other items, MODIFY (a re-logged message overwriting itself) and
 * REMOVE (TTL expiry) are ignored.
 */
export function eventsFromStream(records: StreamRecordLike[]): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  for (const r of records) {
    if (r.eventName !== 'INSERT' || !r.dynamodb?.NewImage) continue;
    const item = unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.type === 'analyticsEvent' && item.event) events.push(item.event as AnalyticsEvent);
    else if (item.type === 'messageLog') events.push(...messageEventsFromLog(item));
  }
  return events;
}

/**
 * Writes events to the lake: one gzip NDJSON object per day in the batch. Throws on an S3 failure
 * so the stream retries the batch (the object key is deterministic, so a retry overwrites).
 * @returns the keys written
 */
export async function writeEventBatch(
  events: AnalyticsEvent[],
  bucket: string,
  put: LakePut = lakePut(),
): Promise<string[]> {
  const objects = encodeBatch(events);
  await Promise.all(
    objects.map((o) =>
      // A subsegment like the SDK clients' (`## s3.PutObject`): the call is a fetch, not an SDK client.
      traced('s3.PutObject', () =>
        put({
          bucket,
          key: o.key,
          body: o.body,
          contentType: 'application/x-ndjson',
          contentEncoding: 'gzip',
        }),
      ),
    ),
  );
  return objects.map((o) => o.key);
}
