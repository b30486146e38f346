// `npm run invoke -- --service <svc> --function <fn> [--data '<json>' | --path event.json]`:
// `serverless invoke local --stage local` in the service's folder with the local stack's
// environment (the endpoints of DynamoDB Local, SES local, S3 local and the simulator on the
// `npm run dev` ports, or on PORT variables / TEST_PORT_OFFSET), so one function runs in this
// process against the running stack: no credentials, no deployed stack, no serverless-offline.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { localEnv } from './lib/env.mjs';
import { resolvePorts } from './lib/ports.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compose = parse(readFileSync(path.join(ROOT, 'serverless-compose.yml'), 'utf8'));
const USAGE = `usage: npm run invoke -- --service <${Object.keys(compose.services).join('|')}> --function <name> [--data '<json event>' | --path <event.json>]

Runs one function locally (serverless invoke local --stage local) against the local stack started
by npm run dev. The function names are those of the service's serverless declaration
(npx serverless print --stage local in its folder).`;

function fail(message) {
  console.error(`✖ ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      service: { type: 'string' },
      function: { type: 'string', short: 'f' },
      data: { type: 'string', short: 'd' },
      path: { type: 'string', short: 'p' },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  fail(err.message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.service || !compose.services[args.service])
  fail('--service must name a service of serverless-compose.yml.');
if (!args.function) fail('--function is required.');

const ports = resolvePorts(process.env, Number(process.env.TEST_PORT_OFFSET ?? 0));
const cli = ['invoke', 'local', '--stage', 'local', '--function', args.function];
if (args.data) cli.push('--data', args.data);
if (args.path) cli.push('--path', path.resolve(args.path));
const run = spawnSync(path.join(ROOT, 'node_modules/.bin/serverless'), cli, {
  cwd: path.join(ROOT, compose.services[args.service].path),
  stdio: 'inherit',
  // Its own build folder: a running `npm run dev` keeps serving the bundles it built.
  env: { ...process.env, ...localEnv(ports), ESBUILD_WORK_FOLDER: '.esbuild-invoke' },
});
process.exit(run.status ?? 1);
