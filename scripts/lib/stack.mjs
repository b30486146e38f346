// The local stack: DynamoDB Local (official jar), SES v2 local, S3 local (s3rver), the Messenger
// simulator and the four services under serverless-offline. Used by `npm run dev`, the test run
// and the benchmark, so all three run exactly the same thing.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localEnv } from './env.mjs';
import { startInvokeQueue } from './invoke-queue.mjs';
import { resolvePorts } from './ports.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LOCAL_DIR = path.join(ROOT, '.local');
export const DYNAMO_DIR = path.join(LOCAL_DIR, 'dynamodb');
const BIN = path.join(ROOT, 'node_modules/.bin');

/** A failure the user can act on: printed as one line, no stack trace. */
export class StackError extends Error {
  constructor(message) {
    super(message);
    this.name = 'StackError';
  }
}

export const SERVICES = [
  { name: 'auth-otp', dir: 'services/auth-otp', port: 'AUTH_PORT', lambdaPort: 'AUTH_LAMBDA_PORT' },
  {
    name: 'messenger-webhook',
    dir: 'services/messenger-webhook',
    port: 'MESSENGER_PORT',
    lambdaPort: 'MESSENGER_LAMBDA_PORT',
    // Its functions that no HTTP request runs, in a second offline process: see "Why the worker
    // has a process of its own" below.
    worker: {
      name: 'messenger-webhook-worker',
      lambdaPort: 'MESSENGER_WORKER_LAMBDA_PORT',
      functions: ['worker', 'reminders', 'replay'],
      // An async invoke whose handler outlives its timeout rejects inside offline with no handler
      // attached, and Node's default turns that into an exit: at a load average above 60 the
      // worker's 60 s passed and the process died (before the split, with the webhook in it), so
      // every later hand-off failed. Here it is a warning, as a failed async invocation is on Lambda.
      env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --unhandled-rejections=warn`.trim() },
    },
  },
  { name: 'user-api', dir: 'services/user-api', port: 'USER_API_PORT', lambdaPort: 'USER_API_LAMBDA_PORT' },
  {
    name: 'admin-api',
    dir: 'services/admin-api',
    port: 'ADMIN_API_PORT',
    lambdaPort: 'ADMIN_API_LAMBDA_PORT',
  },
];

/**
 * Why the worker has a process of its own (issue 14; bench "ack alone": 200 signed POSTs, 10 in
 * flight, answered 503 4-18 times, every one `worker invoke: no answer in 1500 ms`). `receive`
 * hands each event to `worker` with an async Lambda `Invoke` on MESSENGER_LAMBDA_ENDPOINT. That
 * endpoint was the Lambda port of the same serverless-offline process that serves the webhook's
 * HTTP: one main thread parses every webhook request, dispatches `receive`, relays the worker
 * threads' output and answers the invoke, so under load on two cores the invoke waited behind
 * webhook requests (which were themselves waiting on it) past the client's 1.5 s. Now
 * messenger-webhook runs as two offline processes from the same serverless.yml:
 *   - `messenger-webhook` (MESSENGER_PORT, MESSENGER_LAMBDA_PORT): every function but the worker's;
 *   - `messenger-webhook-worker` (MESSENGER_WORKER_LAMBDA_PORT, no HTTP or WebSocket server since
 *     it has no such events): `worker`, `reminders` (its 15-minute schedule, so it runs once, here)
 *     and `replay`; MESSENGER_LAMBDA_ENDPOINT (scripts/lib/env.mjs) points at the async-invoke queue in front
 *     of it (scripts/lib/invoke-queue.mjs: offline would start every Event invoke at once).
 * serverless-offline cannot serve part of a service; the ops plugin (infra/lib/offline-functions.cjs)
 * drops the others at `initialize` from OFFLINE_FUNCTIONS / OFFLINE_SKIP_FUNCTIONS, before
 * esbuild bundles them and before offline schedules them, so no function exists in both processes.
 * The local async invoke is otherwise unchanged: offline answers 202 and runs the handler, with no
 * retries or on-failure destination of its own (the worker, under IS_OFFLINE, makes its attempts
 * in process and then logs the payload as parked); only an invocation that outlives its timeout
 * no longer exits the process (`--unhandled-rejections=warn`, see SERVICES).
 * The worker's process starts first, so the webhook never answers before its hand-off target is up.
 */
/**
 * Why the stack warms its functions (measured: bench "ack alone", 200 signed POSTs with 10 in
 * flight answered 504 19–42 times before). serverless-offline 14 runs each invocation in a worker
 * thread of a pool per function and creates a new thread whenever no idle one exists; a new thread
 * loads the function's bundle before the handler runs, and that load counts against the
 * function's timeout (`receive`: 5 s). Ten POSTs at once therefore started ten cold threads for
 * `receive` and, through the async hand-off, ten for `worker`, all competing for two cores; idle
 * threads were then terminated after 60 s, so every burst started cold again. The stack now
 * (1) keeps idle threads for a day (`--terminateIdleLambdaTime`), (2) keeps `reloadHandler` off
 * (its default: one module load per thread, not per request), and (3) right after a service is up,
 * invokes every function through the service's Lambda endpoint so each has warm threads before the
 * first request: as many as `warmWebhook` for the webhook's `receive` and `worker` (the bursty
 * pair), one for every other function. The warm-up events are ones the functions refuse without
 * side effects (no auth, empty body; the worker an empty Page batch); scheduled and
 * operator-only functions (reminders, replay) are left cold on purpose.
 */
// Scheduled, operator-only and stream-triggered functions: nothing safe to send, and no request waits on them.
const WARM_SKIP = new Set(['reminders', 'replay', 'eventWriter']);
const WARM_MANY = new Set(['messenger-webhook/receive', 'messenger-webhook-worker/worker']);

/**
 * Worker turns the local async-invoke queue runs at once (scripts/lib/invoke-queue.mjs), and so
 * the worker threads it ever needs warm. Two, for two cores: every serverless-offline worker thread
 * is a V8 isolate that loads and JIT-warms the worker's bundle on its own, so four slots spread a
 * short session's turns over four cold-ish isolates for no throughput a 2-core machine has. The
 * 10-user webhook round trip, per-process CPU from /proc, runs alternated on one machine
 * (2026-12-02): the worker's process 92 / 76 ms CPU per message with 4 (and 4 warm threads), 59 /
 * 44 ms with 2; reply p95 1,418 / 1,140 ms against 4,494 (a load spike from other work) / 665 ms.
 * Deployed, the worker's reserved concurrency (50) is Lambda's business, not this.
 */
export const WORKER_QUEUE_CONCURRENCY = 2;

/**
 * `[{key, name}]` of a running service's functions, from serverless-offline's own start-up list
 * ("Function names exposed for local invocation": `* otpRequest: bookingbot-auth-otp-local-otpRequest`),
 * which includes the functions the infra plugin adds from each service's route table.
 */
function offlineFunctions(logFile) {
  const text = readFileSync(logFile, 'utf8');
  return [...text.matchAll(/^\s+\* ([\w-]+): (\S+)$/gm)].map((m) => ({ key: m[1], name: m[2] }));
}

/** An event the function refuses or ignores without side effects, shaped like its trigger. */
function warmEvent(svcName, key) {
  if (svcName === 'messenger-webhook-worker' && key === 'worker')
    return { body: { object: 'page', entry: [] }, receivedAt: Date.now(), correlationId: 'warm-up' };
  if (key === 'authorizer')
    return {
      type: 'TOKEN',
      authorizationToken: 'Bearer warm-up',
      methodArn: 'arn:aws:execute-api:local:0:warm/local/GET/warm-up',
    };
  // Every other function is an HTTP route: a request with no credentials, no body and an unknown
  // path is refused by its own middlewares (401/400/404) before any read or write.
  return {
    resource: '/warm-up',
    path: '/warm-up',
    httpMethod: 'GET',
    headers: { 'x-correlation-id': 'warm-up' },
    multiValueHeaders: {},
    queryStringParameters: null,
    pathParameters: null,
    requestContext: { requestId: 'warm-up', resourcePath: '/warm-up', identity: { sourceIp: '127.0.0.1' } },
    body: null,
    isBase64Encoded: false,
  };
}

export function checkJava() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new StackError(
      'Java 17+ is required to run DynamoDB Local (the official AWS jar) and was not found on PATH. ' +
        'Install it (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless) and run the command again.',
    );
  }
  const m = /version "(\d+)/.exec(r.stderr);
  if (m && Number(m[1]) < 17)
    throw new StackError(`Java 17+ is required for DynamoDB Local; found Java ${m[1]}.`);
}

/** Resolves when nothing listens on the port (all interfaces), else throws a StackError naming it. */
export async function assertPortFree(port, name) {
  await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', () =>
      reject(
        new StackError(
          `Port ${port} for ${name} is already in use. Stop what uses it or set ${name}=<port>.`,
        ),
      ),
    );
    srv.listen(port, () => srv.close(resolve));
  });
}

async function waitFor(check, { timeoutMs, what, child }) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null)
      throw new StackError(`${what} exited with code ${child.exitCode} (see ${child.logFile})`);
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new StackError(
    `${what} did not become ready within ${Math.round(timeoutMs / 1000)} s (see ${child?.logFile ?? 'its log'})`,
  );
}

/**
 * DynamoDB Local's JVM: the JIT's first tier only and the serial collector. A local stack lives
 * minutes to an hour, so the optimizing compiler's work never pays back on two cores, and it
 * competes with the functions for them. `node scripts/measure-dynamodb-jvm.mjs` (java's own CPU
 * over the same calls, JVM defaults against these flags, interleaved), 2026-12-02, two passes:
 * JVM start 5.4 / 4.4 → 2.8 / 3.0 s of CPU; the first 6,000 calls 2.65 / 2.48 → 1.27 / 1.69 ms CPU
 * each, the next 6,000 1.30 / 1.51 → 0.82 / 1.42 ms. In the webhook round trip at 10 users
 * (per-process CPU from /proc, separate runs on a shared machine), java's CPU per message went
 * from 64–80 ms to 36–42 ms.
 */
export const DYNAMODB_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export class LocalStack {
  constructor({
    ports = resolvePorts(),
    env = {},
    logDir = path.join(LOCAL_DIR, 'logs'),
    echo = false,
    // Warm worker threads for the webhook's receive (see WARM_MANY above; the worker gets
    // WORKER_QUEUE_CONCURRENCY): `npm run dev` and the bench ask for 10 (ten testers at once); a
    // test run's default is 2, so eight engineers' test stacks on one machine do not each load
    // twenty bundles at start.
    warmWebhook = Number(process.env.LOCAL_WARM_WEBHOOK ?? 2),
  } = {}) {
    this.warmWebhook = warmWebhook;
    this.ports = ports;
    this.env = { ...localEnv(ports), ...env };
    this.logDir = logDir;
    this.echo = echo;
    this.children = [];
  }

  spawnChild(name, cmd, args, opts = {}) {
    mkdirSync(this.logDir, { recursive: true });
    const logFile = path.join(this.logDir, `${name}.log`);
    // Without echo the child writes straight into its log file: no pipe for this process to
    // drain, so a parent busy elsewhere (or blocked) can never stall a chatty child on a full pipe.
    const logFd = this.echo ? undefined : openSync(logFile, 'w');
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...this.env, ...(opts.env ?? {}) },
      stdio: logFd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
      detached: true, // own process group, so stop() kills grandchildren (java, esbuild) too
    });
    if (logFd !== undefined) closeSync(logFd);
    child.logFile = logFile;
    child.stackName = name;
    if (this.echo) {
      const log = createWriteStream(logFile, { flags: 'w' });
      for (const stream of [child.stdout, child.stderr]) {
        stream.pipe(log, { end: false });
        stream.on('data', (buf) => {
          for (const line of buf.toString().split('\n'))
            if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
        });
      }
    }
    this.children.push(child);
    return child;
  }

  async startDynamo() {
    checkJava();
    const jar = path.join(DYNAMO_DIR, 'DynamoDBLocal.jar');
    if (!existsSync(jar))
      throw new StackError('DynamoDB Local jar missing: run `node scripts/bootstrap.mjs` first.');
    const port = this.ports.DYNAMODB_PORT;
    await assertPortFree(port, 'DYNAMODB_PORT');
    const child = this.spawnChild('dynamodb', 'java', [
      ...DYNAMODB_JVM_FLAGS,
      `-Djava.library.path=${path.join(DYNAMO_DIR, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/`)).status > 0, {
      // The JVM takes minutes to start on a loaded shared machine: overridable.
      timeoutMs: Number(process.env.DYNAMODB_START_TIMEOUT_MS ?? 120000),
      what: 'DynamoDB Local',
      child,
    });
  }

  async startSes() {
    const port = this.ports.SES_PORT;
    await assertPortFree(port, 'SES_PORT');
    const child = this.spawnChild('ses', path.join(BIN, 'aws-ses-v2-local'), [
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/store`)).ok, {
      timeoutMs: 20000,
      what: 'SES local',
      child,
    });
  }

  async startS3() {
    const port = this.ports.S3_PORT;
    await assertPortFree(port, 'S3_PORT');
    const dir = path.join(LOCAL_DIR, 's3', String(port));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const child = this.spawnChild('s3', path.join(BIN, 's3rver'), [
      '--directory',
      dir,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--silent',
    ]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/`)).status > 0, {
      timeoutMs: 20000,
      what: 'S3 local',
      child,
    });
    this.s3Dir = dir;
  }

  async startSimulator() {
    const entry = path.join(ROOT, 'tools/messenger-simulator/server.mjs');
    if (!existsSync(entry)) return false;
    const port = this.ports.SIMULATOR_PORT;
    await assertPortFree(port, 'SIMULATOR_PORT');
    const child = this.spawnChild('simulator', process.execPath, [entry]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      timeoutMs: 20000,
      what: 'Messenger simulator',
      child,
    });
    return true;
  }

  /**
   * The local event pipeline (scripts/analytics-pipeline.ts): reads the table's stream in DynamoDB
   * Local and runs the event writer's code into S3 local, standing in for the stream-triggered
   * Lambda that serverless-offline does not run.
   */
  async startEventPipeline() {
    const child = this.spawnChild('event-pipeline', process.execPath, [
      path.join(ROOT, 'scripts/run-ts.mjs'),
      path.join(ROOT, 'scripts/analytics-pipeline.ts'),
    ]);
    await waitFor(async () => readFileSync(child.logFile, 'utf8').includes('event pipeline polling'), {
      // A JVM start on a loaded 2-core machine (several stacks at once) can take over a minute.
      timeoutMs: 120000,
      what: 'event pipeline',
      child,
    });
  }

  /** One service: its worker process first when it has one (see "Why the worker has a process of its own"). */
  async startService(svc) {
    if (svc.worker) {
      const worker = { ...svc.worker, dir: svc.dir };
      await this.startOffline(worker, {
        ...svc.worker.env,
        OFFLINE_FUNCTIONS: svc.worker.functions.join(','),
      });
      // Event invokes queue here and run WORKER_QUEUE_CONCURRENCY at a time, as Lambda's own queue
      // would run them (scripts/lib/invoke-queue.mjs says why); MESSENGER_LAMBDA_ENDPOINT points at it.
      await assertPortFree(this.ports.MESSENGER_INVOKE_QUEUE_PORT, 'MESSENGER_INVOKE_QUEUE_PORT');
      this.invokeQueue = await startInvokeQueue({
        port: this.ports.MESSENGER_INVOKE_QUEUE_PORT,
        target: `http://127.0.0.1:${this.ports[svc.worker.lambdaPort]}`,
        concurrency: WORKER_QUEUE_CONCURRENCY,
      });
      await this.startOffline(svc, { OFFLINE_SKIP_FUNCTIONS: svc.worker.functions.join(',') });
    } else await this.startOffline(svc);
  }

  /**
   * One serverless-offline process. `svc.port` (HTTP) is where it answers `/health`; a process
   * without one (the worker's: no HTTP events) is ready when its Lambda endpoint answers.
   */
  async startOffline(svc, env = {}) {
    const lambdaPort = this.ports[svc.lambdaPort];
    const port = svc.port ? this.ports[svc.port] : lambdaPort;
    await assertPortFree(port, svc.port ?? svc.lambdaPort);
    const child = this.spawnChild(
      svc.name,
      path.join(BIN, 'serverless'),
      // Idle worker threads are kept for a day instead of 60 s: see "Why the stack warms".
      // The Lambda port on the command line: it wins over serverless.yml's (MESSENGER_LAMBDA_PORT).
      [
        'offline',
        'start',
        '--stage',
        'local',
        '--terminateIdleLambdaTime',
        '86400',
        '--lambdaPort',
        String(lambdaPort),
      ],
      {
        cwd: path.join(ROOT, svc.dir),
        env: { ESBUILD_WORK_FOLDER: `.esbuild-offline-${port}`, ...env },
      },
    );
    // The Lambda endpoint answers 404 to a GET; "listening" is logged once the functions are listed.
    const ready = svc.port
      ? async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok
      : async () =>
          readFileSync(child.logFile, 'utf8').includes('Function names exposed') &&
          (await fetch(`http://127.0.0.1:${lambdaPort}/`)).status > 0;
    await waitFor(ready, {
      // Generous: a cold esbuild of every function on a loaded 2-core machine can take minutes.
      timeoutMs: Number(process.env.STACK_START_TIMEOUT_MS ?? 300000),
      what: `${svc.name} (serverless-offline on ${port})`,
      child,
    });
    await this.warmService(svc, child);
  }

  /**
   * Starts warm worker threads for every function of a running service (see "Why the stack
   * warms"): concurrent RequestResponse invokes on its Lambda endpoint, so serverless-offline
   * creates that many threads and each loads its bundle now rather than inside a request's
   * timeout. Failures only cost the warm-up, never the start.
   */
  async warmService(svc, child) {
    if (!svc.lambdaPort || !child?.logFile) return;
    const functions = offlineFunctions(child.logFile);
    const base = `http://127.0.0.1:${this.ports[svc.lambdaPort]}/2015-03-31/functions`;
    const invoke = (fn, event) =>
      fetch(`${base}/${fn.name}/invocations`, {
        method: 'POST',
        headers: { 'x-amz-invocation-type': 'RequestResponse' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(120000),
      }).then(
        (r) => r.arrayBuffer(),
        () => undefined,
      );
    // One function at a time (a burst of bundle loads is what this avoids later); its copies at once.
    for (const fn of functions) {
      if (WARM_SKIP.has(fn.key)) continue;
      // The worker never runs more turns at once than the queue lets through: no more warm threads.
      const many =
        svc.name === 'messenger-webhook-worker' ? WORKER_QUEUE_CONCURRENCY : Math.max(1, this.warmWebhook);
      const copies = WARM_MANY.has(`${svc.name}/${fn.key}`) ? many : 1;
      const event = warmEvent(svc.name, fn.key);
      await Promise.all(Array.from({ length: copies }, () => invoke(fn, event)));
    }
  }

  /** The web app (apps/web/dist) and the APIs under one origin, as the edge serves them (scripts/lib/web-server.mjs). */
  async startWeb() {
    const port = this.ports.WEB_PORT;
    await assertPortFree(port, 'WEB_PORT');
    const child = this.spawnChild('web', process.execPath, [path.join(ROOT, 'scripts/lib/web-server.mjs')]);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      timeoutMs: 20000,
      what: 'web server',
      child,
    });
  }

  /** Starts the AWS stand-ins, creates the table and bucket, seeds, then the simulator and services. */
  async start({ services = true, seed = true } = {}) {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    await Promise.all([this.startDynamo(), this.startSes(), this.startS3()]);
    const { createTables, createBucket } = await import('./resources.mjs');
    await createTables(this.env);
    await createBucket(this.env);
    if (seed) await this.seed();
    await this.startEventPipeline();
    if (services) {
      await this.startSimulator();
      // Sequential starts: four esbuild-bundling offline processes at once starve a 2-core machine.
      for (const svc of SERVICES) await this.startService(svc);
      await this.startWeb();
    }
    return this;
  }

  async seed() {
    const seedFile = path.join(ROOT, 'scripts/seed.ts');
    if (!existsSync(seedFile)) return;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run-ts.mjs'), seedFile], {
      env: { ...process.env, ...this.env },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new StackError(`Seeding failed:\n${r.stderr || r.stdout}`);
  }

  urls() {
    const p = this.ports;
    return {
      'DynamoDB Local': `http://127.0.0.1:${p.DYNAMODB_PORT}`,
      'SES local inbox': `http://127.0.0.1:${p.SES_PORT}`,
      'S3 local': `http://127.0.0.1:${p.S3_PORT}`,
      'auth-otp': `http://127.0.0.1:${p.AUTH_PORT}`,
      'messenger-webhook': `http://127.0.0.1:${p.MESSENGER_PORT}/webhook`,
      'user-api': `http://127.0.0.1:${p.USER_API_PORT}`,
      'admin-api': `http://127.0.0.1:${p.ADMIN_API_PORT}`,
      'Messenger simulator': `http://127.0.0.1:${p.SIMULATOR_PORT}`,
      'Booking page': `http://127.0.0.1:${p.WEB_PORT}/book/`,
      'Staff console': `http://127.0.0.1:${p.WEB_PORT}/console/`,
    };
  }

  /** Stops every child and its process group; resolves when all have exited. */
  async stop() {
    await this.invokeQueue?.close();
    this.invokeQueue = undefined;
    const alive = this.children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of alive) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const deadline = setTimeout(() => {
      for (const c of alive) {
        try {
          process.kill(-c.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, 5000);
    await Promise.all(
      alive.map((c) => (c.exitCode === null && c.signalCode === null ? once(c, 'exit') : null)),
    );
    clearTimeout(deadline);
    this.children = [];
  }
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
