// The README test command: lint, typecheck, then every Jest tier (unit, integration, e2e and the
// infrastructure checks) against one local stack started here on test ports (+10000), so a running
// `npm run dev` is never disturbed. Prints a closing "N passed, N failed" line.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { resolvePorts } from './lib/ports.mjs';
import { LOCAL_DIR, LocalStack, ROOT, StackError } from './lib/stack.mjs';
import { buildWebApp } from './lib/web-server.mjs';

// Flags: --long (long suites), --fast (skip lint/typecheck); anything else goes to Jest
// (e.g. `node scripts/test.mjs --fast services/user-api`). TEST_PORT_OFFSET moves the stack's ports.
const argv = process.argv.slice(2);
const long = argv.includes('--long');
const fast = argv.includes('--fast');
const jestArgs = argv.filter((a) => a !== '--long' && a !== '--fast');
const bin = (name) => path.join(ROOT, 'node_modules/.bin', name);
function step(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

/** Like step(), but asynchronous: this process keeps its event loop (signals, the stack's children). */
async function stepAsync(name, cmd, args, env = {}) {
  console.log(`\n▶ ${name}`);
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  const [code] = await once(child, 'exit');
  return code === 0;
}

if (!fast) {
  if (!step('lint (biome)', bin('biome'), ['check', '.'])) process.exit(1);
  if (!step('typecheck (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) process.exit(1);
  if (!step('typecheck the web app (DOM, JSX)', bin('tsc'), ['-p', 'apps/web/tsconfig.json', '--noEmit']))
    process.exit(1);
}

const offset = Number(process.env.TEST_PORT_OFFSET ?? 10000);
const ports = resolvePorts({}, offset);
const logDir = path.join(LOCAL_DIR, offset === 10000 ? 'test-logs' : `test-logs-${offset}`);
// A second admin address for the docs' walk-throughs (test/e2e/walkthroughs.test.ts), so no other
// suite's sign-in shares its 11-second resend interval.
// Four warm threads each for the webhook's receive and worker: the chat suites run in parallel, and a
// cold worker thread loaded under a loaded CI machine can take longer than a chat test waits.
const stack = new LocalStack({
  ports,
  logDir,
  warmWebhook: Number(process.env.LOCAL_WARM_WEBHOOK ?? 4),
  env: { ADMIN_EMAILS: process.env.ADMIN_EMAILS ?? 'admin@example.com,walkthrough-admin@example.com' },
});
let exitCode = 1;
const onSignal = async () => {
  await stack.stop();
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
try {
  console.log('\n▶ building the web app (apps/web, Vite)');
  // Into this run's own directory: parallel runs never serve each other's half-built files.
  process.env.WEB_DIST_DIR = path.join(logDir, 'web-dist');
  if (!buildWebApp({ quiet: true, outDir: process.env.WEB_DIST_DIR }))
    throw new StackError('The web app build failed (see above).');
  console.log('\n▶ starting the local stack on test ports');
  const t0 = Date.now();
  await stack.start();
  console.log(`  ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const resultFile = path.join(logDir, 'jest-results.json');
  rmSync(resultFile, { force: true });
  const ok = await stepAsync(
    'jest (unit, integration, e2e, infrastructure)',
    bin('jest'),
    ['--ci', '--json', `--outputFile=${resultFile}`, ...jestArgs],
    {
      ...stack.env,
      TEST_LOG_DIR: stack.logDir,
      ...(long ? { LONG: '1' } : {}),
    },
  );
  let summary = '';
  try {
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`;
  } catch {
    summary = '';
  }
  exitCode = ok ? 0 : 1;
  await stack.stop();
  if (summary) console.log(`\nTests: ${summary}`);
} catch (err) {
  console.error(`\n✖ ${err instanceof StackError ? err.message : (err?.stack ?? err)}`);
  await stack.stop();
}
process.exit(exitCode);
