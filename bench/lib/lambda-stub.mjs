// The hand-off alternatives the hot-path table compares (hotpath.mjs), each with its socket
// stubbed so only the CPU of building and signing the request is measured:
// - `sdkInvoke`: `@aws-sdk/client-lambda` `InvokeCommand` through a client whose request handler
//   answers 202 from memory (the SDK's serialize/SigV4/deserialize middleware stack still runs);
// - `minimalSigned`: AWS Signature Version 4 over node:crypto with the day's signing key cached,
//   the algorithm services/messenger-webhook/src/lib/worker-client.ts uses (here parameterized by
//   service so the same signer also prices an SQS `SendMessage`).
import { createHash, createHmac } from 'node:crypto';

export const stubHandler = {
  metadata: { handlerProtocol: 'http/1.1' },
  handle: async () => ({
    response: { statusCode: 202, reason: 'Accepted', headers: {}, body: new Uint8Array(0) },
  }),
  updateHttpClientConfig() {},
  httpHandlerConfigs() {
    return {};
  },
};

const keys = new Map();
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** SigV4 signing key for a day/region/service, derived once (four HMACs) and cached. */
function signingKey(secret, date, region, service) {
  const id = `${date}/${region}/${service}`;
  let key = keys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    keys.set(id, key);
  }
  return key;
}

/** A SigV4-signed POST (no query string): the headers a minimal client would send. */
export function minimalSigned({
  service,
  host,
  path,
  extraHeaders = {},
  payload,
  region,
  accessKeyId,
  secretAccessKey,
  sessionToken,
}) {
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers = {
    host,
    'x-amz-date': amzDate,
    ...extraHeaders,
    ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
  };
  const names = Object.keys(headers).sort();
  const canonical = [
    'POST',
    path,
    '',
    names.map((h) => `${h}:${headers[h]}\n`).join(''),
    names.join(';'),
    createHash('sha256').update(payload).digest('hex'),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const signature = createHmac('sha256', signingKey(secretAccessKey, date, region, service))
    .update(toSign)
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}
