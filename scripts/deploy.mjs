// `npm run deploy -- --service <name> --stage <stage> [--region <region>] [--param "name=value"]…`
// Deploys one service with `serverless deploy` in its folder: the same command CI runs
// (.github/workflows/deploy-service.yml), so a laptop with AWS credentials deploys the same way.
// Optional per-stage settings come from the environment when set: ALARM_EMAIL → alarmEmail,
// DOMAIN_NAME → domainName, HOSTED_ZONE_ID → hostedZoneId (docs/operations.md).
// After the deploy, the ops plugin prints the stack outputs and the SSM parameters holding them.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compose = parse(readFileSync(path.join(ROOT, 'serverless-compose.yml'), 'utf8'));
const SERVICES = Object.keys(compose.services);
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;
const ENV_PARAMS = { ALARM_EMAIL: 'alarmEmail', DOMAIN_NAME: 'domainName', HOSTED_ZONE_ID: 'hostedZoneId' };

const usage = `usage: npm run deploy -- --service <${SERVICES.join('|')}> --stage <stage> [--region <region>] [--param "name=value"]…`;

function fail(message) {
  console.error(`\n✖ ${message}\n\n${usage}\n`);
  process.exit(2);
}

/** `--name value` and `--name=value` pairs; `--param` may repeat. */
function parseArgs(argv) {
  const options = { param: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    }
    if (!arg.startsWith('--')) fail(`Unexpected argument "${arg}".`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (!['service', 'stage', 'region', 'param'].includes(name)) fail(`Unknown option --${name}.`);
    if (value === undefined || value.startsWith('--')) fail(`--${name} needs a value.`);
    if (name === 'param') options.param.push(value);
    else options[name] = value;
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
if (!options.service) fail('--service is required.');
if (!SERVICES.includes(options.service))
  fail(`Unknown service "${options.service}": one of ${SERVICES.join(', ')} (serverless-compose.yml).`);
if (!options.stage) fail('--stage is required.');
if (!STAGE_PATTERN.test(options.stage))
  fail(
    `Invalid stage "${options.stage}": lower-case letters, digits and dashes, starting with a letter, at most 16.`,
  );
if (options.stage === 'local') fail('"local" is the offline stage (npm run dev); it is never deployed.');
for (const p of options.param)
  if (!/^[A-Za-z][\w]*=.+$/.test(p)) fail(`Invalid --param "${p}": expected name=value.`);
// The edge stack lives in us-east-1 (CloudFront's WAF and certificates must be created there).
if (options.service === 'edge' && options.region && options.region !== 'us-east-1')
  fail('The edge stack is always deployed in us-east-1 (services/edge/serverless.yml).');

const serviceDir = path.join(ROOT, compose.services[options.service].path);
const serverless = path.join(ROOT, 'node_modules/.bin/serverless');
if (!existsSync(serverless)) fail('Dependencies are missing: run `pnpm install --frozen-lockfile` first.');

const params = [...options.param];
for (const [variable, name] of Object.entries(ENV_PARAMS))
  if (process.env[variable] && !params.some((p) => p.startsWith(`${name}=`)))
    params.push(`${name}=${process.env[variable]}`);

const dependsOn = compose.services[options.service].dependsOn ?? [];
if (dependsOn.length)
  console.log(
    `• ${options.service} imports outputs of ${dependsOn.join(', ')}: deploy those first on a new stage.`,
  );
const args = [
  'deploy',
  '--stage',
  options.stage,
  ...(options.region ? ['--region', options.region] : []),
  ...params.flatMap((p) => ['--param', p]),
];
console.log(`▶ serverless ${args.join(' ')}   (in ${path.relative(ROOT, serviceDir)})`);
// The edge: build the web app first (a broken build deploys nothing), then upload and invalidate.
if (options.service === 'edge') {
  console.log('▶ pnpm --filter @bookingbot/web build');
  const build = spawnSync('pnpm', ['--filter', '@bookingbot/web', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) fail('The web app did not build: nothing deployed.');
}
const result = spawnSync(serverless, args, { cwd: serviceDir, stdio: 'inherit' });
if (result.status === 0 && options.service === 'edge') {
  const { publish } = await import('../services/edge/scripts/publish.mjs');
  await publish(options.stage);
}
process.exit(result.status ?? 1);
