#!/usr/bin/env node
import { formatText, summary } from './lib/doctor/report.mjs';
// `npm run doctor -- --stage <stage> [--json] [--send-test] [--region <region>]`
// Checks what a go-live needs, one line per check (✓ / ✗ with the fix and the docs/go-live.md section /
// "skipped" with the reason), and exits 1 on any ✗ (2 on a usage error). docs/go-live.md#doctor.
import { localEnv } from './lib/env.mjs';
import { resolvePorts } from './lib/ports.mjs';

const USAGE = `usage: npm run doctor -- --stage <stage> [--json] [--send-test] [--region <region>]

  --stage <stage>   a deployed stage (dev, prod, …) or "local" (the stack of \`npm run dev\`)
  --json            print one JSON document (for CI) instead of lines
  --send-test       also send one test e-mail to the staff address (first of ADMIN_EMAILS)
  --region <region> AWS region of the stage (default: AWS_REGION)

Deployed stages read SSM, CloudFormation, SES, SNS and the Graph API with the current AWS credentials
(read-only, except --send-test). SES_FROM / ADMIN_EMAILS, when set, override what the deployed
auth-otp functions use. Exit status: 0 when nothing failed, 1 on any ✗, 2 on a usage error.
Every check and its fix: docs/go-live.md#doctor`;

function usageError(message) {
  console.error(`✖ ${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { json: false, sendTest: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : undefined;
    if (name === 'help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (name === 'json') opts.json = true;
    else if (name === 'send-test') opts.sendTest = true;
    else if (name === 'stage' || name === 'region') {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (!value || value.startsWith('--')) usageError(`--${name} needs a value.`);
      opts[name] = value;
    } else usageError(`Unknown argument "${arg}".`);
  }
  if (!opts.stage) usageError('--stage is required.');
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(opts.stage)) usageError(`Invalid stage "${opts.stage}".`);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
let results;
if (opts.stage === 'local') {
  const { localChecks } = await import('./lib/doctor/local.mjs');
  // The caller's environment wins (a test stack exports its own ports and endpoints).
  const env = { ...localEnv(resolvePorts()), ...process.env };
  results = await localChecks({ env, sendTest: opts.sendTest });
} else {
  const { deployedChecks } = await import('./lib/doctor/aws.mjs');
  results = await deployedChecks({
    stage: opts.stage,
    region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
    sendTest: opts.sendTest,
  });
}
const report = summary(opts.stage, results);
console.log(opts.json ? JSON.stringify(report, null, 2) : formatText(opts.stage, results));
process.exit(report.ok ? 0 : 1);
