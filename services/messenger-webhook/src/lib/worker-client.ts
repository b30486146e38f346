import { createHmac, createSecretKey, hash, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { ConfigError } from '@bookingbot/common/errors';
import type { WebhookBody } from '@bookingbot/common/messenger';

/** What the webhook hands to the worker: the verified body as received, and when it arrived. */
export interface WorkerPayload {
  body: WebhookBody;
  receivedAt: number;
  correlationId?: string;
  /** Set by the replay command: the payload came back from the dead-letter queue. */
  replayed?: boolean;
}

/**
 * The environment this client reads at import, without `loadConfig`: it sits on the webhook's
 * cold path and zod would be initialized for six strings. The only value with a format, the local
 * endpoint, is checked by `new URL` and refused by name like `loadConfig` would.
 */
function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  const endpoint = get('MESSENGER_LAMBDA_ENDPOINT');
  if (endpoint !== undefined && !URL.canParse(endpoint))
    throw new ConfigError(['MESSENGER_LAMBDA_ENDPOINT: Invalid URL']);
  return {
    /** `<service>-<stage>-worker`, set by serverless.yml. */
    WORKER_FUNCTION_NAME: get('WORKER_FUNCTION_NAME') ?? 'bookingbot-messenger-webhook-local-worker',
    /** Set only locally: serverless-offline's Lambda invoke endpoint. */
    MESSENGER_LAMBDA_ENDPOINT: endpoint,
    AWS_REGION: get('AWS_REGION') ?? 'us-east-1',
    /** The execution role's credentials, which Lambda puts in the environment. */
    AWS_ACCESS_KEY_ID: get('AWS_ACCESS_KEY_ID') ?? '',
    AWS_SECRET_ACCESS_KEY: get('AWS_SECRET_ACCESS_KEY') ?? '',
    AWS_SESSION_TOKEN: get('AWS_SESSION_TOKEN'),
  };
}
const config = readConfig();

/**
 * Why a hand-written SigV4 `Invoke` over `node:https` instead of `@aws-sdk/client-lambda`: the
 * hand-off is the whole cost of the webhook. Measured in one run (bench "hot path" table, CPU per
 * hand-off with the socket stubbed): the SDK's `InvokeCommand` resolves its middleware stack and
 * endpoint rules on every `send`; `@smithy/signature-v4` alone is async with per-call canonical
 * request objects; aws4fetch signs through WebCrypto (`importKey` per HMAC, one microtask each).
 * This signer is the AWS Signature Version 4 algorithm as documented, for exactly one request
 * shape (async `Invoke` of one function, no query string, fixed signed headers), so everything but
 * the date and the payload hash is a constant computed once: the canonical request is two string
 * joins, the signing key (four HMACs) is derived once per UTC day and kept as a KeyObject, and the
 * ISO date is formatted once per second. Per POST: two one-shot SHA-256 and one HMAC, about the
 * cost of verifying Meta's signature. A unit test checks it byte for byte against
 * `@smithy/signature-v4`, including across a change of day. The semantics do not change: it is
 * the same `Invoke` API call with `X-Amz-Invocation-Type: Event`, so Lambda's async queue, its two
 * retries and the worker's on-failure destination (the DLQ) apply exactly as before, and
 * serverless-offline's invoke endpoint accepts it locally.
 */
const endpoint = new URL(
  config.MESSENGER_LAMBDA_ENDPOINT ?? `https://lambda.${config.AWS_REGION}.amazonaws.com`,
);
const invokePath = `/2015-03-31/functions/${encodeURIComponent(config.WORKER_FUNCTION_NAME)}/invocations`;
// Keep-alive: a warm instance reuses one TLS connection to Lambda instead of a handshake per POST.
const agent =
  endpoint.protocol === 'http:'
    ? new http.Agent({ keepAlive: true, maxSockets: 50 })
    : new https.Agent({ keepAlive: true, maxSockets: 50 });
const transport = endpoint.protocol === 'http:' ? http : https;
// Deployed: three attempts as the SDK's standard mode did; locally two (the offline endpoint is
// either up or not). Per attempt well under the receive function's 5 s timeout.
const maxAttempts = config.MESSENGER_LAMBDA_ENDPOINT ? 2 : 3;
const attemptTimeoutMs = 1500;

// The signed headers in canonical (sorted) order: host < x-amz-date < x-amz-invocation-type <
// x-amz-security-token. Only x-amz-date changes between requests.
const token = config.AWS_SESSION_TOKEN;
const SIGNED_HEADERS = `host;x-amz-date;x-amz-invocation-type${token ? ';x-amz-security-token' : ''}`;
const CANONICAL_HEAD = `POST\n${invokePath}\n\nhost:${endpoint.host}\nx-amz-date:`;
const CANONICAL_TAIL = `\nx-amz-invocation-type:Event\n${token ? `x-amz-security-token:${token}\n` : ''}\n${SIGNED_HEADERS}\n`;
const CREDENTIAL_HEAD = `AWS4-HMAC-SHA256 Credential=${config.AWS_ACCESS_KEY_ID}/`;

/** The day's signing key and credential scope; derived when the UTC day changes. */
let day: { date: string; scope: string; key: KeyObject } | undefined;
/** The last second's `x-amz-date`, formatted once per second. */
let second: { at: number; amzDate: string } | undefined;

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The SigV4 signing key of `date` (YYYYMMDD) for Lambda in this region, with its scope. */
function dayOf(date: string): { date: string; scope: string; key: KeyObject } {
  if (day?.date !== date) {
    const key = hmac(
      hmac(hmac(hmac(`AWS4${config.AWS_SECRET_ACCESS_KEY}`, date), config.AWS_REGION), 'lambda'),
      'aws4_request',
    );
    // One day at a time: yesterday's key is never needed again.
    day = { date, scope: `${date}/${config.AWS_REGION}/lambda/aws4_request`, key: createSecretKey(key) };
  }
  return day;
}

/** `20261201T213000Z` for the second of `ms`. */
function amzDateOf(ms: number): string {
  const at = Math.floor(ms / 1000);
  if (second?.at !== at)
    second = { at, amzDate: new Date(at * 1000).toISOString().replace(/[:-]|\.\d{3}/g, '') };
  return second.amzDate;
}

/**
 * The SigV4 headers of `POST <invokePath>` with `body`, at `now`. Exported for the unit test that
 * compares it with `@smithy/signature-v4`.
 */
export function signedInvokeHeaders(
  body: Buffer | string,
  now: Date | number = Date.now(),
): Record<string, string> {
  const amzDate = amzDateOf(typeof now === 'number' ? now : now.getTime());
  const { scope, key } = dayOf(amzDate.slice(0, 8));
  const canonicalRequest = CANONICAL_HEAD + amzDate + CANONICAL_TAIL + hash('sha256', body, 'hex');
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const headers: Record<string, string> = {
    host: endpoint.host,
    'x-amz-date': amzDate,
    'x-amz-invocation-type': 'Event',
    authorization: `${CREDENTIAL_HEAD}${scope}, SignedHeaders=${SIGNED_HEADERS}, Signature=${signature}`,
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.length),
  };
  if (token) headers['x-amz-security-token'] = token;
  return headers;
}

/** An answer of the Invoke API other than 202, or no answer. */
export class WorkerInvokeError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'WorkerInvokeError';
  }
}

/**
 * One signed POST; calls `done()` on 202 and `done(error)` with a WorkerInvokeError otherwise, once.
 * A callback rather than a promise per attempt: see `invokeWorker`.
 */
function postOnce(body: string, done: (err?: WorkerInvokeError) => void): void {
  let settled = false;
  const finish = (err?: WorkerInvokeError) => {
    if (settled) return;
    settled = true;
    done(err);
  };
  const req = transport.request(
    {
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port || undefined,
      path: invokePath,
      method: 'POST',
      agent,
      headers: signedInvokeHeaders(body),
      timeout: attemptTimeoutMs,
    },
    (res) => {
      const status = res.statusCode ?? 0;
      if (status === 202) {
        res.resume();
        finish();
        return;
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < 500) text += chunk;
      });
      res.on('end', () => {
        const type = res.headers['x-amzn-errortype'] ?? '';
        finish(
          new WorkerInvokeError(
            `worker invoke answered ${status} ${String(type).split(':')[0]} ${text.slice(0, 200)}`.trim(),
            status >= 500 || status === 429,
          ),
        );
      });
    },
  );
  req.on('timeout', () =>
    req.destroy(new WorkerInvokeError(`worker invoke: no answer in ${attemptTimeoutMs} ms`, true)),
  );
  req.on('error', (err) =>
    finish(
      err instanceof WorkerInvokeError ? err : new WorkerInvokeError(`worker invoke: ${err.message}`, true),
    ),
  );
  req.end(body);
}

/**
 * The worker payload built around the verified raw body, without re-serializing it (the body is
 * already JSON: the webhook's hot path stays at one parse).
 */
export function workerPayloadJson(rawBody: string, receivedAt: number, correlationId?: string): string {
  const id = correlationId ? `,"correlationId":${JSON.stringify(correlationId)}` : '';
  return `{"receivedAt":${receivedAt}${id},"body":${rawBody}}`;
}

/**
 * Hands a payload to the worker with an asynchronous invoke (`X-Amz-Invocation-Type: Event`):
 * Lambda queues it, retries twice on failure and then parks it on the worker's on-failure
 * destination. Retries a throttled, failed or unanswered call with a short backoff.
 */
export function invokeWorker(payload: WorkerPayload | string): Promise<void> {
  // The body stays a string: the payload hash and the socket write encode it as UTF-8 themselves,
  // so no Buffer copy of it is made per POST.
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  // One promise per hand-off, whatever the attempts: the attempts chain by callback. Promises are
  // what an async hook (the X-Ray SDK's, once the full stack is loaded) pays for one by one.
  return new Promise((resolve, reject) => {
    const attempt = (n: number) => {
      try {
        postOnce(body, (err) => {
          if (!err) resolve();
          else if (!err.retryable || n >= maxAttempts) reject(err);
          else setTimeout(() => attempt(n + 1), 25 * 2 ** n);
        });
      } catch (err) {
        reject(err); // a request Node refused to build (a later attempt runs outside the executor)
      }
    };
    attempt(1);
  });
}
