// Bundled in place of `@aws-sdk/client-lambda` for the in-process hot path only (build.mjs plugin),
// never deployed. The client answers every request with 202 from memory, so the SDK's middleware
// stack (serialize, SigV4, deserialize) still runs and only the socket is skipped. Two variants,
// switched by globals from hotpath.mjs, split the cost:
// - __benchSkipSdk: `send` answers before the SDK runs (what the rest of the handler costs);
// - __benchMinimalSigv4: `send` builds the same request with a minimal SigV4 signer over
//   node:crypto (signing key cached per day), the proposed replacement for the SDK call.

import { LambdaClient as Real } from 'bench:real-client-lambda';
import { createHash, createHmac } from 'node:crypto';

export * from 'bench:real-client-lambda';
// Named re-exports: the real package is CommonJS, so `export *` alone is not statically known.
export { InvokeCommand } from 'bench:real-client-lambda';

const stubHandler = {
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

/** The signed asynchronous Invoke request (method, path, headers, body) a minimal client would send. */
export function minimalSignedInvoke({
  functionName,
  payload,
  region,
  accessKeyId,
  secretAccessKey,
  sessionToken,
}) {
  const host = `lambda.${region}.amazonaws.com`;
  const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`;
  const amzDate = new Date().toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = amzDate.slice(0, 8);
  const headers = {
    host,
    'x-amz-date': amzDate,
    'x-amz-invocation-type': 'Event',
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
  const scope = `${date}/${region}/lambda/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  const signature = createHmac('sha256', signingKey(secretAccessKey, date, region, 'lambda'))
    .update(toSign)
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return { method: 'POST', host, path, headers, body: payload };
}

globalThis.__benchLambdaInvokes = 0;

export class LambdaClient extends Real {
  constructor(config = {}) {
    super({ ...config, requestHandler: stubHandler });
  }

  send(command, ...rest) {
    globalThis.__benchLambdaInvokes += 1;
    if (globalThis.__benchSkipSdk) return Promise.resolve({ StatusCode: 202, $metadata: {} });
    if (globalThis.__benchMinimalSigv4) {
      minimalSignedInvoke({
        functionName: command.input.FunctionName,
        payload: command.input.Payload,
        region: process.env.AWS_REGION ?? 'us-east-1',
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
        sessionToken: process.env.AWS_SESSION_TOKEN,
      });
      return Promise.resolve({ StatusCode: 202, $metadata: {} });
    }
    return super.send(command, ...rest);
  }
}
