import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { loadConfig, z } from '@bookingbot/common/config';
import type { WebhookBody } from '@bookingbot/common/messenger';

/** What the webhook hands to the worker: the verified body as received, and when it arrived. */
export interface WorkerPayload {
  body: WebhookBody;
  receivedAt: number;
  correlationId?: string;
  /** Set by the replay command: the payload came back from the dead-letter queue. */
  replayed?: boolean;
}

const config = loadConfig({
  /** `<service>-<stage>-worker`, set by serverless.yml. */
  WORKER_FUNCTION_NAME: z.string().min(1).default('bookingbot-messenger-webhook-local-worker'),
  /** Set only locally: serverless-offline's Lambda invoke endpoint. */
  MESSENGER_LAMBDA_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('us-east-1'),
  /** The execution role's credentials, which Lambda puts in the environment. */
  AWS_ACCESS_KEY_ID: z.string().default(''),
  AWS_SECRET_ACCESS_KEY: z.string().default(''),
  AWS_SESSION_TOKEN: z.string().optional(),
});

/**
 * Why a hand-written SigV4 `Invoke` over `node:https` instead of `@aws-sdk/client-lambda`: the
 * hand-off is the whole cost of the webhook. Measured in one run (bench "hot path" table, CPU per
 * hand-off with the socket stubbed): the SDK's `InvokeCommand` resolves its middleware stack and
 * endpoint rules on every `send`; `@smithy/signature-v4` alone is async with per-call canonical
 * request objects; aws4fetch signs through WebCrypto (`importKey` per HMAC, one microtask each).
 * This signer is the AWS Signature Version 4 algorithm as documented, with the day's signing key
 * derived once (four HMACs) and cached: per POST it costs two SHA-256 and one HMAC, about the same
 * as verifying Meta's signature. It signs exactly one request shape (async `Invoke` of one
 * function, no query string), so it stays small; a unit test checks it against
 * `@smithy/signature-v4`. The semantics do not change: it is the same `Invoke` API call with
 * `X-Amz-Invocation-Type: Event`, so Lambda's async queue, its two retries and the worker's
 * on-failure destination (the DLQ) apply exactly as before, and serverless-offline's invoke
 * endpoint accepts it locally.
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

const signingKeys = new Map<string, Buffer>();
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The SigV4 signing key of `date` (YYYYMMDD) for Lambda in this region, derived once per day. */
function signingKey(date: string): Buffer {
  let key = signingKeys.get(date);
  if (!key) {
    key = hmac(
      hmac(hmac(hmac(`AWS4${config.AWS_SECRET_ACCESS_KEY}`, date), config.AWS_REGION), 'lambda'),
      'aws4_request',
    );
    signingKeys.clear(); // one day at a time: yesterday's key is never needed again
    signingKeys.set(date, key);
  }
  return key;
}

/**
 * The SigV4 headers of `POST <invokePath>` with `body`, at `now`. Exported for the unit test that
 * compares it with `@smithy/signature-v4`.
 */
export function signedInvokeHeaders(body: Buffer, now = new Date()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, ''); // 20261201T213000Z
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: endpoint.host,
    'x-amz-date': amzDate,
    'x-amz-invocation-type': 'Event',
  };
  if (config.AWS_SESSION_TOKEN) headers['x-amz-security-token'] = config.AWS_SESSION_TOKEN;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalRequest = `POST\n${invokePath}\n\n${names.map((h) => `${h}:${headers[h]}\n`).join('')}\n${signedHeaders}\n${sha256Hex(body)}`;
  const scope = `${date}/${config.AWS_REGION}/lambda/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  const signature = createHmac('sha256', signingKey(date)).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${config.AWS_ACCESS_KEY_ID}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  headers['content-length'] = String(body.length);
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

/** One signed POST; resolves on 202, rejects with a WorkerInvokeError otherwise. */
function postOnce(body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
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
          resolve();
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 500) text += chunk;
        });
        res.on('end', () => {
          const type = res.headers['x-amzn-errortype'] ?? '';
          reject(
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
      reject(
        err instanceof WorkerInvokeError ? err : new WorkerInvokeError(`worker invoke: ${err.message}`, true),
      ),
    );
    req.end(body);
  });
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
export async function invokeWorker(payload: WorkerPayload | string): Promise<void> {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(body);
    } catch (err) {
      if (!(err instanceof WorkerInvokeError) || !err.retryable || attempt >= maxAttempts) throw err;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
}
