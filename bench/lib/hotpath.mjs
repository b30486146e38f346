// Child process: the webhook hot path in process. Loads the receive function's bundle (built with
// the deployment's esbuild options, the Lambda client's socket stubbed), then times, interleaved in
// blocks on the same bytes: the floor (HMAC-SHA256 verify with timingSafeEqual + JSON.parse) and a
// full signed POST through the real handler and its middlewares.
// Usage: node hotpath.mjs <bundle.js> <export> <out.json> <fixture>...  (env: the function's env)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize } from './stats.mjs';

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
const handler = require(path.resolve(bundle))[exportName];
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
  async function measure() {
    const floorWall = [];
    const handlerWall = [];
    const floorCpu = [];
    const handlerCpu = [];
    for (let b = 0; b < BLOCKS; b++) {
      const prepared = Array.from({ length: PER_BLOCK }, (_, i) => restEvent(body, signature, i));
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
  globalThis.__benchSkipSdk = true;
  const noSdk = await measure();
  globalThis.__benchSkipSdk = false;
  globalThis.__benchMinimalSigv4 = true;
  const minimal = await measure();
  globalThis.__benchMinimalSigv4 = false;
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
    // The same handler with the worker hand-off answered before the SDK runs (client.send skipped).
    withoutSdkInvoke: {
      floorCpuUsPerCall: noSdk.fc,
      handlerCpuUsPerCall: noSdk.hc,
      ratioCpu: Number((noSdk.hc.p50 / noSdk.fc.p50).toFixed(2)),
    },
    // The proposed fix: the same request signed by a minimal SigV4 signer (lambda-stub.mjs).
    withMinimalSigv4: {
      floorCpuUsPerCall: minimal.fc,
      handlerCpuUsPerCall: minimal.hc,
      ratioCpu: Number((minimal.hc.p50 / minimal.fc.p50).toFixed(2)),
    },
  };
}

writeFileSync(outFile, JSON.stringify(results, null, 2));
process.exit(0);
