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
  { name: 'auth-otp', dir: 'services/auth-otp', port: 'AUTH_PORT' },
  { name: 'messenger-webhook', dir: 'services/messenger-webhook', port: 'MESSENGER_PORT' },
  { name: 'user-api', dir: 'services/user-api', port: 'USER_API_PORT' },
  { name: 'admin-api', dir: 'services/admin-api', port: 'ADMIN_API_PORT' },
];

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

export class LocalStack {
  constructor({
    ports = resolvePorts(),
    env = {},
    logDir = path.join(LOCAL_DIR, 'logs'),
    echo = false,
  } = {}) {
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
      timeoutMs: 30000,
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

  async startService(svc) {
    const port = this.ports[svc.port];
    await assertPortFree(port, svc.port);
    const child = this.spawnChild(
      svc.name,
      path.join(BIN, 'serverless'),
      ['offline', 'start', '--stage', 'local'],
      {
        cwd: path.join(ROOT, svc.dir),
        env: { ESBUILD_WORK_FOLDER: `.esbuild-offline-${port}` },
      },
    );
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, {
      // Generous: a cold esbuild of every function on a loaded 2-core machine can take minutes.
      timeoutMs: Number(process.env.STACK_START_TIMEOUT_MS ?? 300000),
      what: `${svc.name} (serverless-offline on ${port})`,
      child,
    });
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
