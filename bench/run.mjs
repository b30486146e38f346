// `npm run bench`: measures the webhook hot path in process, cold starts and bundle sizes, then the
// flows over HTTP against an offline stack it starts on ports +16000 (and stops), and writes
// bench/results/latest.{json,md} and docs/cost.md. Every figure sits beside its budget; what
// cannot be measured in this tree says "not measured: <reason>". Never part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePorts } from '../scripts/lib/ports.mjs';
import { LOCAL_DIR, LocalStack, SERVICES, StackError } from '../scripts/lib/stack.mjs';
import {
  bundleFunctions,
  bundleReference,
  listFunctions,
  packagedZips,
  ROOT,
  stubWorkerSocketPlugin,
  TMP,
} from './lib/build.mjs';
import { costModel } from './lib/cost.mjs';
import { booking, hotConversation, otpSignIns, webhookAck, webhookRoundTrip } from './lib/flows.mjs';
import { measureNlu } from './lib/nlu.mjs';
import { startDynamoProxy, startFakeGraph } from './lib/observers.mjs';
import { renderCost, renderReport } from './lib/report.mjs';
import { summarize } from './lib/stats.mjs';
import { benchWeb } from './lib/web.mjs';

/**
 * Handler durations serverless-offline reported for every invocation of the run
 * (`(λ: fn) RequestId: … Duration: 12.3 ms`), per service/function: what Lambda would bill,
 * without offline's HTTP handling (still inflated when the machine is loaded).
 */
function offlineDurations(logDir) {
  const out = {};
  for (const svc of SERVICES) {
    const byFn = {};
    // A service's worker process (messenger-webhook's) logs to a file of its own; same service.
    for (const name of [svc.name, svc.worker?.name].filter(Boolean)) {
      const file = path.join(logDir, `${name}.log`);
      if (!existsSync(file)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(
        /\(λ: ([\w-]+)\) RequestId: \S+\s+Duration: ([\d.]+) ms/g,
      )) {
        byFn[m[1]] ??= [];
        byFn[m[1]].push(Number(m[2]));
      }
    }
    for (const [fn, samples] of Object.entries(byFn)) out[`${svc.name}/${fn}`] = summarize(samples, 1);
  }
  return out;
}

// `node bench/run.mjs --report-only`: re-renders the report and docs/cost.md from latest.json
// (after a change to prices.json, the cost model or the findings) without measuring again.
if (process.argv.includes('--report-only')) {
  const latest = path.join(ROOT, 'bench/results/latest.json');
  const saved = JSON.parse(readFileSync(latest, 'utf8'));
  saved.cost = costModel(saved, JSON.parse(readFileSync(path.join(ROOT, 'bench/prices.json'), 'utf8')));
  writeFileSync(latest, `${JSON.stringify(saved, null, 2)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results/latest.md'), renderReport(saved));
  writeFileSync(path.join(ROOT, 'docs/cost.md'), renderCost(saved));
  console.log('re-rendered bench/results/latest.md and docs/cost.md from latest.json');
  process.exit(0);
}

const OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 16000);
const QUICK = process.env.BENCH_QUICK === '1';
const FIXTURE_SECRET = 'b7c0a4f1e2d3c4b5a6978877665544aa'; // the fixtures' fake App Secret (fixtures README)
const started = Date.now();
const log = (msg) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);
const notMeasured = (reason) => ({ notMeasured: reason });
/** One flow's failure is reported in its section and does not stop the others. */
const attempt = async (fn) => {
  try {
    return await fn();
  } catch (err) {
    console.error(err);
    return notMeasured(`the flow failed: ${String(err?.message ?? err).slice(0, 300)}`);
  }
};
// Developer flag: BENCH_SKIP=hot,cold skips those sections (their report says so).
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

mkdirSync(TMP, { recursive: true });
const results = {
  generatedAt: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(1))),
  },
  commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim(),
  sections: {},
};
const S = results.sections;
const functions = listFunctions();
results.functions = functions.map(({ service, name, memoryMb, trigger }) => ({
  service,
  name,
  memoryMb,
  trigger,
}));

// 1. Bundles: one esbuild run per service with the deployment's options, one zip per function.
log(`bundling ${functions.length} functions with the serverless.base.yml esbuild options`);
const bundles = {};
for (const svc of [...new Set(functions.map((f) => f.service))]) {
  const fns = functions.filter((f) => f.service === svc);
  bundles[svc] = await bundleFunctions(svc, fns);
  bundles[svc].__packaged = packagedZips(svc);
}

// 2. The webhook hot path in process (child process: its logs go to /dev/null, counted).
const receive = functions.find((f) => f.service === 'messenger-webhook' && f.name === 'receive');
if (SKIP.has('hot')) {
  S.hotPath = notMeasured('skipped (BENCH_SKIP=hot)');
} else if (!receive?.handlerFile) {
  S.hotPath = notMeasured('services/messenger-webhook has no `receive` function with a handler yet');
} else {
  log('webhook hot path in process (floor vs handler, interleaved blocks)');
  const stubbed = await bundleFunctions('messenger-webhook', [receive], {
    plugins: [stubWorkerSocketPlugin()],
    tag: 'stubbed',
  });
  if (stubbed.receive.error) S.hotPath = notMeasured(stubbed.receive.error);
  else {
    const out = path.join(TMP, 'hotpath.json');
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bench/lib/hotpath.mjs'),
        stubbed.receive.outfile,
        receive.exportName,
        out,
        path.join(ROOT, 'bench/fixtures/single.json'),
        path.join(ROOT, 'bench/fixtures/batch10.json'),
      ],
      {
        env: {
          PATH: process.env.PATH,
          STAGE: 'prod',
          LOG_LEVEL: 'INFO',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
          TABLE_NAME: 'bookingbot-bench-main',
          MESSENGER_APP_SECRET: FIXTURE_SECRET,
          WORKER_FUNCTION_NAME: 'bookingbot-messenger-webhook-bench-worker',
          POWERTOOLS_SERVICE_NAME: 'bookingbot-messenger-webhook',
          ...(QUICK ? { BENCH_HOT_BLOCKS: '5', BENCH_HOT_WARMUP: '1000' } : {}),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
        // Generous: on a shared machine at load 40 the CPU-bound blocks take minutes of wall time.
        timeout: 900000,
      },
    );
    S.hotPath =
      existsSync(out) && r.status === 0
        ? JSON.parse(readFileSync(out, 'utf8'))
        : notMeasured(`hot-path child failed (exit ${r.status}): ${String(r.stderr).slice(-300)}`);
  }
}

// 2b. Free-text understanding (issue 12): corpus accuracy and parse time per utterance, in process.
S.nlu = SKIP.has('nlu')
  ? notMeasured('skipped (BENCH_SKIP=nlu)')
  : await attempt(() => measureNlu(QUICK ? { timedPasses: 5 } : {}));

// 3. The offline stack, with the observers in front of it.
const ports = resolvePorts({}, OFFSET);
const dynamo = await startDynamoProxy({ port: ports.DYNAMODB_PORT + 50, target: ports.DYNAMODB_PORT });
const graph = await startFakeGraph({ port: ports.SIMULATOR_PORT + 40 });
const stack = new LocalStack({
  ports,
  logDir: path.join(LOCAL_DIR, 'bench-logs'),
  // As `npm run dev`: ten warm threads for receive and worker (the 10-in-flight flows).
  warmWebhook: Number(process.env.LOCAL_WARM_WEBHOOK ?? 10),
  env: {
    DYNAMODB_ENDPOINT: dynamo.url,
    GRAPH_API_URL: graph.url,
    // The benchmark signs everyone in from 127.0.0.1: lift the per-IP caps (the per-email ones stay).
    OTP_IP_REQUESTS_PER_HOUR: '100000',
    OTP_IP_VERIFICATIONS_PER_HOUR: '100000',
  },
});
let stopping = false;
const stopAll = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  dynamo.close();
  await graph.close();
};
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, async () => {
    await stopAll();
    process.exit(130);
  });

try {
  log(`starting the offline stack on ports +${OFFSET} (logs: .local/bench-logs/)`);
  // The stand-ins and the data through LocalStack (what `npm run dev` runs); the services one by
  // one so a service that starts late on a loaded machine gets more time, and one that never
  // starts leaves its flows "not measured" instead of losing the whole run. No simulator: the
  // recording fake Graph API stands in for it.
  await stack.start({ services: false });
  const down = new Set();
  for (const svc of SERVICES) {
    try {
      await stack.startService(svc);
    } catch (err) {
      const url = `http://127.0.0.1:${ports[svc.port]}/health`;
      const deadline = Date.now() + 180000;
      let up = false;
      while (!up && Date.now() < deadline) {
        up = await fetch(url).then(
          (r) => r.ok,
          () => false,
        );
        if (!up) await new Promise((r) => setTimeout(r, 1000));
      }
      if (!up) {
        down.add(svc.name);
        log(`${svc.name} did not start: ${err.message}`);
      }
    }
  }
  S.servicesDown = [...down];
  const env = stack.env;
  log(`stack ready${down.size ? ` (down: ${[...down].join(', ')})` : ''}`);

  // 4. Cold starts: a fresh `node` per run, the bundle required, then one invocation.
  const runs = Number(process.env.BENCH_COLD_RUNS ?? (QUICK ? 1 : 3));
  const coldEnv = {
    ...process.env,
    ...env,
    STAGE: 'local',
    LOG_LEVEL: 'WARN',
    // A CloudFormation Ref when deployed, absent locally: an unroutable stand-in so the
    // replay function's config loads (its first invoke then fails fast, shown as outcome).
    DEAD_LETTER_QUEUE_URL: 'http://127.0.0.1:9/000000000000/bench-worker-dlq',
  };
  /** One fresh `node` loading a bundle and invoking it once: {sample} or {error}. */
  const coldSample = (outfile, exportName, trigger, method = 'GET', httpPath = '/') => {
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bench/lib/coldstart.mjs'), outfile, exportName, trigger, method, httpPath],
      { env: coldEnv, encoding: 'utf8', timeout: 60000 },
    );
    const line = String(r.stdout).trim().split('\n').at(-1) ?? '';
    try {
      const parsed = JSON.parse(line);
      return parsed.error ? { error: parsed.error } : { sample: parsed };
    } catch {
      return { error: `child exited ${r.status}: ${String(r.stderr).slice(-200)}` };
    }
  };
  // The reference (a two-line DocumentClient GetItem handler, same build options) is sampled
  // once after every function, interleaved, so load changes on the machine hit both alike.
  const reference = SKIP.has('cold')
    ? null
    : await bundleReference().catch((err) => ({ error: err.message }));
  const referenceSamples = [];
  const sampleReference = () => {
    if (!reference || reference.error) return undefined;
    const { sample } = coldSample(reference.outfile, 'handler', 'invoke');
    if (sample) referenceSamples.push(sample);
    return sample;
  };
  S.coldStart = [];
  for (const fn of SKIP.has('cold') ? [] : functions) {
    const b = bundles[fn.service]?.[fn.name];
    const packaged = bundles[fn.service]?.__packaged?.[fn.name] ?? null;
    const row = { service: fn.service, function: fn.name, memoryMb: fn.memoryMb, packagedZip: packaged };
    if (!b || b.error) {
      S.coldStart.push({ ...row, notMeasured: b?.error ?? 'not bundled' });
      continue;
    }
    const trigger = fn.name === 'authorizer' ? 'authorizer' : fn.trigger;
    const samples = [];
    // Each run of the function is paired with a run of the reference right after it, and the
    // verdict is the median of those paired ratios: a load spike on this shared machine then
    // lands on both halves of a pair instead of on one function's row.
    const pairedRatios = [];
    let outcome = '';
    let error = null;
    for (let i = 0; i < runs; i++) {
      const r = coldSample(b.outfile, fn.exportName, trigger, fn.http?.method ?? 'GET', fn.http?.path ?? '/');
      const ref = sampleReference();
      if (r.error) error = r.error;
      else {
        samples.push(r.sample);
        outcome = r.sample.outcome;
        if (ref?.initCpuMs) pairedRatios.push(r.sample.initCpuMs / ref.initCpuMs);
      }
    }
    S.coldStart.push({
      ...row,
      trigger,
      bundleBytes: b.bundleBytes,
      zipBytes: b.zipBytes,
      topPackages: b.topPackages,
      ...(samples.length
        ? {
            initMs: summarize(
              samples.map((s) => s.initMs),
              1,
            ),
            initCpuMs: summarize(
              samples.map((s) => s.initCpuMs),
              1,
            ),
            firstInvokeMs: summarize(
              samples.map((s) => s.firstInvokeMs),
              1,
            ),
            firstInvokeCpuMs: summarize(
              samples.map((s) => s.firstInvokeCpuMs),
              1,
            ),
            firstInvokeOutcome: outcome,
            ...(pairedRatios.length
              ? { initCpuRatioToReference: Number(summarize(pairedRatios, 3).p50.toFixed(2)) }
              : {}),
          }
        : { notMeasured: error ?? 'no sample' }),
    });
  }
  if (reference) {
    S.coldReference = reference.error
      ? notMeasured(`the reference did not build: ${reference.error}`)
      : {
          bundleBytes: reference.bundleBytes,
          zipBytes: reference.zipBytes,
          topPackages: reference.topPackages,
          ...(referenceSamples.length
            ? {
                initCpuMs: summarize(
                  referenceSamples.map((s) => s.initCpuMs),
                  1,
                ),
                initMs: summarize(
                  referenceSamples.map((s) => s.initMs),
                  1,
                ),
              }
            : { notMeasured: 'no reference sample' }),
        };
    // (each row's ratio to the reference is the median of its paired ratios, set above)
  }
  log(`cold starts measured (${runs} fresh process(es) per function)`);

  const has = (svc, name) =>
    !down.has(svc) && functions.some((f) => f.service === svc && f.name === name && f.handlerFile);
  const mailCount = async () => (await (await fetch(`${env.SES_ENDPOINT}/store`)).json()).emails.length;

  // 5. Messenger: ack alone, then the round trip at 1, 10 and 50 users.
  if (!has('messenger-webhook', 'receive') || !has('messenger-webhook', 'worker')) {
    S.webhookAck = notMeasured(
      'the webhook receive/worker functions are not in the tree, or messenger-webhook did not start',
    );
    S.roundTrip = notMeasured(
      'the webhook receive/worker functions are not in the tree, or messenger-webhook did not start',
    );
  } else {
    log('webhook ack latency');
    await attempt(() => webhookAck({ env, graph, total: 20, concurrency: 2 })); // warm the offline workers
    S.webhookAck = await attempt(() => webhookAck({ env, graph, total: QUICK ? 60 : 200, concurrency: 10 }));
    S.roundTrip = {};
    for (const [users, perUser] of [
      [1, QUICK ? 5 : 20],
      [10, QUICK ? 2 : 5],
      [50, QUICK ? 1 : 2],
    ]) {
      log(`messenger round trip at ${users} concurrent user(s)`);
      await dynamo.setFlow(`webhook-${users}`);
      S.roundTrip[`users${users}`] = await attempt(() => webhookRoundTrip({ env, graph, users, perUser }));
      await dynamo.setFlow(null);
    }
    S.roundTrip.graphCalls = { ...graph.counts };
    log('hottest key: one customer, 20 messages at once');
    await dynamo.setFlow('hotConversation');
    S.hotConversation = await attempt(() => hotConversation({ env, graph, burst: QUICK ? 10 : 20 }));
    await dynamo.setFlow(null);
  }

  // 6. Sign-in (OTP) and refresh, then booking with the signed-in users.
  let sessions = [];
  if (!has('auth-otp', 'otpRequest') || !has('auth-otp', 'otpVerify')) {
    S.otp = notMeasured('auth-otp request/verify functions are not in the tree, or auth-otp did not start');
  } else {
    log('email-OTP sign-ins and refreshes');
    const mailsBefore = await mailCount();
    const r = await attempt(() => otpSignIns({ env, dynamo, count: QUICK ? 30 : 100, concurrency: 10 }));
    if (r.notMeasured) S.otp = r;
    else {
      S.otp = { ...r.result, emailsSent: (await mailCount()) - mailsBefore };
      sessions = r.sessions;
    }
  }
  if (!has('user-api', 'appointmentsCreate') || !has('user-api', 'availability')) {
    S.booking = notMeasured(
      'user-api availability/appointments functions are not in the tree, or user-api did not start',
    );
  } else if (!sessions.length) {
    S.booking = notMeasured('no signed-in users to book with (the sign-in flow did not succeed)');
  } else {
    log('booking: sequential bookings, then 100 claims on one slot');
    const mailsBefore = await mailCount();
    S.booking = await booking({
      env,
      dynamo,
      sessions,
      serviceId: 'svc-consultation',
      sequential: QUICK ? 5 : 10,
      racers: 100,
    }).catch((err) => notMeasured(`booking flow failed: ${err.message}`));
    S.booking.emailsSent = (await mailCount()) - mailsBefore;
  }

  const flows = [
    'webhook-1',
    'webhook-10',
    'webhook-50',
    'hotConversation',
    'signIn',
    'refresh',
    'booking',
    'bookingRace',
  ];
  const ledger = await dynamo.ledger();
  const empty = { ops: {}, readUnits: 0, writeUnits: 0, calls: 0, errors: 0 };
  S.dynamodb = Object.fromEntries(flows.map((f) => [f, ledger[f] ?? empty]));
  S.lambdaDurations = offlineDurations(stack.logDir);
  // The web app (issue 13): first-load JS per area and Lighthouse on /book via the stack's web server.
  S.web = SKIP.has('web')
    ? notMeasured('skipped (BENCH_SKIP=web)')
    : await attempt(() => benchWeb({ stack, log }));
} catch (err) {
  console.error(`✖ ${err instanceof StackError ? err.message : (err?.stack ?? err)}`);
  S.stackError = String(err?.message ?? err);
} finally {
  log('stopping the stack');
  await stopAll();
}

results.cost = costModel(results, JSON.parse(readFileSync(path.join(ROOT, 'bench/prices.json'), 'utf8')));
results.durationSeconds = Math.round((Date.now() - started) / 1000);
results.machine.loadAverageAtEnd = os.loadavg().map((l) => Number(l.toFixed(1)));

mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(path.join(ROOT, 'bench/results/latest.md'), renderReport(results));
writeFileSync(path.join(ROOT, 'docs/cost.md'), renderCost(results));
log(`wrote bench/results/latest.{json,md} and docs/cost.md in ${results.durationSeconds} s`);
process.exit(0);
