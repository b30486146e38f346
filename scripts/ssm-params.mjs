#!/usr/bin/env node
// `npm run ssm:params -- --stage <stage> [--region <region>] [--only <name,…>]`
// Sets the SSM parameters the services read (the list the doctor checks) from a prompt. Secrets are
// read with echo off and never printed; an empty answer keeps the stored value, or generates one for
// the values nobody has to copy from somewhere (verify token, peppers, the JWT key set).
// Lines can also be piped on stdin (one answer per parameter, in the order shown by --help).
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { GetParametersCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { placeholderReason, ssmParameters } from './lib/doctor/aws.mjs';

/** What each parameter is and, where the value is ours to choose, how to generate it. */
const ABOUT = {
  'messenger/app-secret': { what: 'Meta app → App settings → Basic → App secret' },
  'messenger/page-access-token': {
    what: 'Meta app → Messenger → Messenger API Settings → Generate access tokens (a Page token)',
  },
  'messenger/verify-token': {
    what: 'any random string; enter the same in the webhook settings (Enter = generate)',
    generate: () => randomBytes(24).toString('hex'),
  },
  'messenger/page-id': { what: "the Page's id (Page → About → Page transparency, or Meta Business Suite)" },
  'auth/otp-pepper': {
    what: 'HMAC pepper of sign-in codes (Enter = generate)',
    generate: () => randomBytes(32).toString('base64url'),
  },
  'auth/refresh-token-pepper': {
    what: 'HMAC pepper of refresh tokens (Enter = generate)',
    generate: () => randomBytes(32).toString('base64url'),
  },
  'auth/jwt-private-jwks': {
    what: 'private JWKS of the access-token signing key (Enter = generate an ES256 key)',
    generate: () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' };
      return JSON.stringify({ keys: [jwk], signingKid: jwk.kid });
    },
  },
};

const USAGE = `usage: npm run ssm:params -- --stage <stage> [--region <region>] [--only <name,…>]

Prompts for each parameter under /bookingbot/<stage>/ (secrets with echo off, never printed) and
stores it in SSM Parameter Store (SecureString for secrets). Enter keeps the stored value, or
generates one where the value is ours to choose. Parameters, in order:
${Object.entries(ABOUT)
  .map(([k, v]) => `  ${k.padEnd(28)} ${v.what}`)
  .join('\n')}
--only takes a comma-separated subset of these names. docs/go-live.md#ssm-parameters`;

function fail(message, code = 2) {
  console.error(`✖ ${message}`);
  process.exit(code);
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : '';
    if (!['stage', 'region', 'only'].includes(name)) fail(`Unknown argument "${arg}".\n\n${USAGE}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (!value || value.startsWith('--')) fail(`--${name} needs a value.`);
    opts[name] = value;
  }
  if (!opts.stage) fail(`--stage is required.\n\n${USAGE}`);
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(opts.stage)) fail(`Invalid stage "${opts.stage}".`);
  if (opts.stage === 'local')
    fail(
      '"local" has no SSM: the local stack uses the dev values of scripts/lib/env.mjs (override them in the environment).',
    );
  return opts;
}

/**
 * One answer. On a terminal, readline writes through a stream that is muted while a secret is typed
 * (the usual way to read a password in Node: nothing is echoed); piped input is read line by line
 * (lines arriving before the question would be lost by `question()`) and never echoed either.
 */
function makeAsker() {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    return {
      async ask(prompt) {
        process.stderr.write(prompt);
        const next = await lines.next();
        process.stderr.write('\n');
        return next.done ? undefined : next.value;
      },
      close: () => rl.close(),
    };
  }
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return {
    ask(prompt, secret) {
      return new Promise((resolve) => {
        rl.question(prompt, (answer) => {
          muted = false;
          if (secret) process.stderr.write('\n');
          resolve(answer);
        });
        muted = secret;
      });
    },
    close: () => rl.close(),
  };
}

const opts = parseArgs(process.argv.slice(2));
const region = opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
if (!region) fail('No region: set AWS_REGION or pass --region.');
const prefix = `/bookingbot/${opts.stage}/`;
let wanted = ssmParameters(opts.stage);
if (opts.only) {
  const only = opts.only.split(',').map((s) => s.trim());
  const unknown = only.filter((o) => !ABOUT[o]);
  if (unknown.length)
    fail(`Unknown parameter(s) ${unknown.join(', ')}: one of ${Object.keys(ABOUT).join(', ')}.`);
  wanted = wanted.filter((w) => only.includes(w.name.slice(prefix.length)));
}

const ssm = new SSMClient({ region });
const existing = new Map();
for (let i = 0; i < wanted.length; i += 10) {
  const out = await ssm.send(new GetParametersCommand({ Names: wanted.slice(i, i + 10).map((w) => w.name) }));
  for (const p of out.Parameters ?? []) existing.set(p.Name, p.Type);
}

const { ask, close } = makeAsker();
let changed = 0;
for (const w of wanted) {
  const short = w.name.slice(prefix.length);
  const about = ABOUT[short];
  const has = existing.get(w.name);
  const hint = has ? 'Enter keeps it' : about.generate ? 'Enter generates one' : 'required';
  console.error(`\n${w.name} — ${about.what}\n  stored: ${has ?? 'no'}`);
  let value;
  for (;;) {
    const answer = await ask(`  new value${w.secure ? ' (hidden)' : ''} [${hint}]: `, w.secure);
    if (answer === undefined) fail('Input ended before every parameter was answered.', 1);
    if (answer === '') {
      if (has) break;
      if (about.generate) {
        value = about.generate();
        break;
      }
      console.error('  a value is required');
      if (!process.stdin.isTTY) process.exit(1);
      continue;
    }
    const why = placeholderReason(w.name, answer, w.secure);
    if (!why) {
      value = answer;
      break;
    }
    console.error(`  refused: the value is ${why}`);
    if (!process.stdin.isTTY) process.exit(1);
  }
  if (value === undefined) {
    console.error('  kept');
    continue;
  }
  await ssm.send(
    new PutParameterCommand({
      Name: w.name,
      Value: value,
      Type: w.secure ? 'SecureString' : 'String',
      Overwrite: true,
    }),
  );
  changed += 1;
  console.error(
    `  ✓ stored as ${w.secure ? 'SecureString' : 'String'}${about.generate && value && !has ? ' (generated)' : ''}`,
  );
}
close();
console.error(
  `\n${changed} parameter(s) written under ${prefix}. Next: npm run doctor -- --stage ${opts.stage}`,
);
