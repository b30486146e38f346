// Child process: the webhook hot path in process. Loads the receive function's bundle (built with
// the deployment's esbuild options, the Lambda client's socket stubbed), then times, interleaved in
// blocks on the same bytes: the floor (HMAC-SHA256 verify with timingSafeEqual + JSON.parse) and a
// full signed POST through the real handler and its middlewares.
// Usage: node hotpath.mjs <bundle.js> <export> <out.json> <fixture>...  (env: the function's env)
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { minimalSigned, stubHandler } from './lambda-stub.mjs';
import { summarize } from './stats.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');

const [bundle, exportName, outFile, ...fixtures] = process.argv.slice(2);
const SECRET = process.env.MESSENGER_APP_SECRET;
const WARMUP = Number(process.env.BENCH_HOT_WARMUP ?? 3000);
const BLOCKS = Number(process.env.BENCH_HOT_BLOCKS ?? 20);
const PER_BLOCK = Number(process.env.BENCH_HOT_PER_BLOCK ?? 500);

// Count what the function writes to stdout (its logs and EMF metrics: CloudWatch Logs bytes).
let logBytes = 0;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  logBytes += Buffer.byteLength(chunk);
  return write(chunk, ...rest);
};

const sign = (bytes) => `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`;

/** The physical floor: what any correct webhook must do with these bytes. */
function floor(body, header) {
  const expected = createHmac('sha256', SECRET).update(body, 'utf8').digest();
  const given = Buffer.from(header.slice(7), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');
  return JSON.parse(body);
}

/** A REST API (v1) proxy event as API Gateway delivers it for POST /webhook. */
function restEvent(body, signature, i) {
  const headers = {
    'Content-Type': 'application/json',
    'X-Hub-Signature-256': signature,
    'User-Agent': 'facebookexternalua',
    Host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'X-Forwarded-For': '173.252.127.1',
  };
  return {
    resource: '/webhook',
    path: '/webhook',
    httpMethod: 'POST',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      resourcePath: '/webhook',
      httpMethod: 'POST',
      requestId: `bench-${i}`,
      stage: 'prod',
      identity: { sourceIp: '173.252.127.1', userAgent: 'facebookexternalua' },
    },
    body,
    isBase64Encoded: false,
  };
}

const context = {
  functionName: 'bookingbot-messenger-webhook-bench-receive',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 5000,
  callbackWaitsForEmptyEventLoop: false,
};

const require = createRequire(import.meta.url);
const handler = (
  bundle.endsWith('.mjs')
    ? await import(pathToFileURL(path.resolve(bundle)).href)
    : require(path.resolve(bundle))
)[exportName];
const results = {};

for (const fixture of fixtures) {
  const body = readFileSync(fixture, 'utf8');
  const signature = sign(Buffer.from(body, 'utf8'));
  const events = JSON.parse(body).entry.reduce(
    (n, e) => n + (e.messaging?.length ?? 0) + (e.standby?.length ?? 0),
    0,
  );

  // Correctness first: a figure for a handler that refuses the POST would be meaningless.
  const invokesBefore = globalThis.__benchLambdaInvokes;
  const first = await handler(restEvent(body, signature, 0), context);
  const forged = await handler(restEvent(body, sign(Buffer.from(`${body} `)), 0), context);
  if (first.statusCode !== 200 || globalThis.__benchLambdaInvokes !== invokesBefore + 1) {
    results[path.basename(fixture)] = {
      error: `handler answered ${first.statusCode} ${String(first.body).slice(0, 200)}`,
    };
    continue;
  }

  for (let i = 0; i < WARMUP; i++) {
    floor(body, signature);
    await handler(restEvent(body, signature, i), context);
  }

  /** Interleaved blocks: the floor, then the handler, on the same bytes; wall per call, CPU per block. */
  async function measure(makeEvent = (i) => restEvent(body, signature, i)) {
    const floorWall = [];
    const handlerWall = [];
    const floorCpu = [];
    const handlerCpu = [];
    for (let b = 0; b < BLOCKS; b++) {
      const prepared = Array.from({ length: PER_BLOCK }, (_, i) => makeEvent(i));
      let cpu = process.cpuUsage();
      for (let i = 0; i < PER_BLOCK; i++) {
        const t = performance.now();
        floor(body, signature);
        floorWall.push((performance.now() - t) * 1000);
      }
      let used = process.cpuUsage(cpu);
      floorCpu.push((used.user + used.system) / PER_BLOCK);

      cpu = process.cpuUsage();
      for (let i = 0; i < PER_BLOCK; i++) {
        const t = performance.now();
        await handler(prepared[i], context);
        handlerWall.push((performance.now() - t) * 1000);
      }
      used = process.cpuUsage(cpu);
      handlerCpu.push((used.user + used.system) / PER_BLOCK);
    }
    return {
      fw: summarize(floorWall, 2),
      hw: summarize(handlerWall, 2),
      fc: summarize(floorCpu, 2),
      hc: summarize(handlerCpu, 2),
    };
  }

  const logBefore = logBytes;
  const { fw, hw, fc, hc } = await measure();
  const measured = BLOCKS * PER_BLOCK;
  const logAfter = logBytes;
  // The same POST through the generic HTTP stack (Middy, normalizer, zod, problem+json): a
  // base64-encoded body is what the fast path leaves to it, and it accepts it the same way.
  const generic = await measure((i) => ({
    ...restEvent(Buffer.from(body).toString('base64'), signature, i),
    isBase64Encoded: true,
  }));
  results[path.basename(fixture)] = {
    bytes: Buffer.byteLength(body),
    events,
    iterations: measured,
    floorUs: fw,
    handlerUs: hw,
    floorCpuUsPerCall: fc,
    handlerCpuUsPerCall: hc,
    ratioMedianWall: Number((hw.p50 / fw.p50).toFixed(2)),
    ratioCpu: Number((hc.p50 / fc.p50).toFixed(2)),
    handlerEventsPerSecond: Math.round((1e6 / hc.p50) * events),
    floorEventsPerSecond: Math.round((1e6 / fc.p50) * events),
    forgedSignatureStatus: forged.statusCode,
    logBytesPerPost: Math.round((logAfter - logBefore) / measured),
    genericStack: {
      floorCpuUsPerCall: generic.fc,
      handlerCpuUsPerCall: generic.hc,
      ratioCpu: Number((generic.hc.p50 / generic.fc.p50).toFixed(2)),
    },
    handOff: await handOffVariants(body, signature),
  };
}

/**
 * The hand-off alone, each alternative against the same floor in interleaved blocks (CPU per
 * call, sockets stubbed): what choosing one over another costs per POST.
 */
async function handOffVariants(body, signature) {
  const payload = Buffer.from(`{"receivedAt":1,"body":${body}}`);
  const env = {
    region: process.env.AWS_REGION ?? 'us-east-1',
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'bench',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'bench',
    sessionToken: 'bench-session-token',
  };
  const fnName = process.env.WORKER_FUNCTION_NAME ?? 'bench-worker';
  const host = `lambda.${env.region}.amazonaws.com`;
  const invokePath = `/2015-03-31/functions/${encodeURIComponent(fnName)}/invocations`;
  const fromWebhook = createRequire(path.join(ROOT, 'services/messenger-webhook/package.json'));
  const fromCommon = createRequire(path.join(ROOT, 'packages/common/package.json'));
  const fromSdkCore = createRequire(fromWebhook.resolve('@aws-sdk/client-lambda'));
  const { LambdaClient, InvokeCommand } = fromWebhook('@aws-sdk/client-lambda');
  const sdk = new LambdaClient({
    region: env.region,
    credentials: env,
    requestHandler: stubHandler,
    maxAttempts: 3,
  });
  const { AwsV4Signer } = await import(pathToFileURL(fromCommon.resolve('aws4fetch')).href);
  let smithySign = null;
  try {
    const { SignatureV4 } = createRequire(fromSdkCore.resolve('@aws-sdk/core'))('@smithy/signature-v4');
    class Sha256 {
      constructor(key) {
        this.h = key ? createHmac('sha256', key) : createHash('sha256');
      }
      update(d) {
        this.h.update(d);
      }
      async digest() {
        return new Uint8Array(this.h.digest());
      }
    }
    const signer = new SignatureV4({
      credentials: env,
      region: env.region,
      service: 'lambda',
      sha256: Sha256,
    });
    smithySign = () =>
      signer.sign({
        method: 'POST',
        protocol: 'https:',
        hostname: host,
        path: invokePath,
        headers: { host, 'x-amz-invocation-type': 'Event' },
        body: payload,
      });
  } catch {
    // @smithy/signature-v4 not resolvable from here: that row says so
  }
  const sqsBody = JSON.stringify({
    QueueUrl: `https://sqs.${env.region}.amazonaws.com/000000000000/bench-worker.fifo`,
    MessageBody: payload.toString('utf8'),
    MessageGroupId: '1234567890123456',
    MessageDeduplicationId: 'm_bench',
  });
  const variants = {
    sdkInvokeCommand: () =>
      sdk.send(new InvokeCommand({ FunctionName: fnName, InvocationType: 'Event', Payload: payload })),
    smithySignatureV4: smithySign,
    aws4fetch: () =>
      new AwsV4Signer({
        url: `https://${host}${invokePath}`,
        method: 'POST',
        headers: { 'X-Amz-Invocation-Type': 'Event' },
        body: payload,
        service: 'lambda',
        region: env.region,
        accessKeyId: env.accessKeyId,
        secretAccessKey: env.secretAccessKey,
        sessionToken: env.sessionToken,
        cache: aws4Cache,
      }).sign(),
    minimalSigV4Invoke: () =>
      minimalSigned({
        service: 'lambda',
        host,
        path: invokePath,
        extraHeaders: { 'x-amz-invocation-type': 'Event' },
        payload,
        ...env,
      }),
    minimalSigV4SqsSendMessage: () =>
      minimalSigned({
        service: 'sqs',
        host: `sqs.${env.region}.amazonaws.com`,
        path: '/',
        extraHeaders: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.SendMessage',
        },
        payload: sqsBody,
        ...env,
      }),
  };
  const aws4Cache = new Map();
  const out = {};
  const blocks = Math.max(3, Math.round(BLOCKS / 2));
  for (const [name, fn] of Object.entries(variants)) {
    if (!fn) {
      out[name] = { notMeasured: 'library not resolvable from the bench' };
      continue;
    }
    for (let i = 0; i < Math.min(WARMUP, 1000); i++) await fn();
    const floorCpu = [];
    const variantCpu = [];
    for (let b = 0; b < blocks; b++) {
      let cpu = process.cpuUsage();
      for (let i = 0; i < PER_BLOCK; i++) floor(body, signature);
      let used = process.cpuUsage(cpu);
      floorCpu.push((used.user + used.system) / PER_BLOCK);
      cpu = process.cpuUsage();
      for (let i = 0; i < PER_BLOCK; i++) await fn();
      used = process.cpuUsage(cpu);
      variantCpu.push((used.user + used.system) / PER_BLOCK);
    }
    const f = summarize(floorCpu, 2);
    const v = summarize(variantCpu, 2);
    out[name] = { floorCpuUsPerCall: f, cpuUsPerCall: v, ratioToFloor: Number((v.p50 / f.p50).toFixed(2)) };
  }
  return out;
}

writeFileSync(outFile, JSON.stringify(results, null, 2));
process.exit(0);
