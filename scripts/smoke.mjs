// `npm run smoke -- --stage <stage>`: the post-deploy smoke test (deploy.yml runs it after every
// deploy, before prod may be approved). It calls the deployed stage the way a client does:
//   1. GET /health on every API                         4. an unauthenticated read → 401 problem+json
//   2. the auth stack's JWKS publishes a signing key    5. one authorized read: the smoke account's
//   3. the Messenger verify handshake echoes the           refresh token → access token → GET /me
//      challenge with the stage's verify token
// API URLs and the verify token come from the SSM parameters the stacks write
// (`/bookingbot/<stage>/<service>/api-url`, infra/lib/outputs.cjs) and read (docs/operations.md);
// with `--stage local` they come from the local stack's environment (AUTH_URL, …, the dev defaults).
//
// The authorized read needs a real session: `--enroll <email>` signs a dedicated smoke account in
// once (the code is typed at the prompt, or read from SES local with --stage local) and keeps its
// rotating refresh token in the SecureString `/bookingbot/<stage>/smoke/refresh-token` (a file with
// --token-file). Each run rotates it and stores the new one before anything else. No token or
// secret is ever printed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { otpCode } from './otp-code.mjs';

const USAGE = `usage: npm run smoke -- --stage <stage> [--token-file <path>] [--enroll <email>] [--json]

  --stage <stage>       the deployed stage (or "local": the URLs of npm run dev / the test stack)
  --token-file <path>   keep the smoke account's refresh token in this file instead of SSM
  --enroll <email>      sign the smoke account in (asks for the emailed code) and store its token
  --json                one JSON object on stdout instead of the ✓/✗ lines`;

const SERVICES = { auth: 'auth-otp', messenger: 'messenger-webhook', user: 'user-api', admin: 'admin-api' };
const TIMEOUT_MS = 10_000;

function fail(message) {
  console.error(`✖ ${message}\n\n${USAGE}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      stage: { type: 'string' },
      'token-file': { type: 'string' },
      enroll: { type: 'string' },
      json: { type: 'boolean', default: false },
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
if (!args.stage) fail('--stage is required.');
const stage = args.stage;
const local = stage === 'local';

/** SSM client, loaded only for deployed stages (local runs need no AWS SDK at all). */
let ssmClient;
async function ssm() {
  if (!ssmClient) {
    const { SSMClient } = await import('@aws-sdk/client-ssm');
    ssmClient = new SSMClient({});
  }
  return ssmClient;
}
async function getParameter(name, decrypt = false) {
  const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const out = await (await ssm()).send(new GetParameterCommand({ Name: name, WithDecryption: decrypt }));
  return out.Parameter?.Value ?? '';
}

async function endpoints() {
  if (local) {
    const port = (name, fallback) => process.env[name] ?? String(fallback);
    return {
      auth: process.env.AUTH_URL ?? `http://127.0.0.1:${port('AUTH_PORT', 4001)}`,
      messenger:
        process.env.WEBHOOK_URL?.replace(/\/webhook$/, '') ??
        `http://127.0.0.1:${port('MESSENGER_PORT', 4002)}`,
      user: process.env.USER_API_URL ?? `http://127.0.0.1:${port('USER_API_PORT', 4003)}`,
      admin: process.env.ADMIN_API_URL ?? `http://127.0.0.1:${port('ADMIN_API_PORT', 4004)}`,
    };
  }
  const entries = await Promise.all(
    Object.entries(SERVICES).map(async ([key, service]) => [
      key,
      (await getParameter(`/bookingbot/${stage}/${service}/api-url`)).replace(/\/$/, ''),
    ]),
  );
  return Object.fromEntries(entries);
}

async function verifyToken() {
  if (local) return process.env.MESSENGER_VERIFY_TOKEN ?? 'local-dev-verify-token';
  return getParameter(`/bookingbot/${stage}/messenger/verify-token`, true);
}

const TOKEN_PARAM = `/bookingbot/${stage}/smoke/refresh-token`;
const tokenStore = {
  async read() {
    if (args['token-file']) {
      try {
        return readFileSync(args['token-file'], 'utf8').trim();
      } catch {
        return '';
      }
    }
    if (local) return '';
    try {
      return await getParameter(TOKEN_PARAM, true);
    } catch (err) {
      if (err.name === 'ParameterNotFound') return '';
      throw err;
    }
  },
  async write(token) {
    if (args['token-file']) {
      writeFileSync(args['token-file'], `${token}\n`, { mode: 0o600 });
      return;
    }
    if (local) throw new Error('--stage local keeps the smoke token only in a --token-file');
    const { PutParameterCommand } = await import('@aws-sdk/client-ssm');
    await (await ssm()).send(
      new PutParameterCommand({ Name: TOKEN_PARAM, Value: token, Type: 'SecureString', Overwrite: true }),
    );
  },
};

async function http(method, url, { body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json };
}

/** Signs the smoke account in once; the refresh token goes straight to the store. */
async function enroll(email, urls) {
  const requested = await http('POST', `${urls.auth}/auth/otp/request`, { body: { email } });
  if (requested.status !== 202)
    throw new Error(`code request answered ${requested.status}: ${requested.text}`);
  let code;
  if (local) code = await otpCode(email);
  else {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    code = (await rl.question(`Code emailed to ${email}: `)).trim();
    rl.close();
  }
  const verified = await http('POST', `${urls.auth}/auth/otp/verify`, { body: { email, code } });
  if (verified.status !== 200 || !verified.json?.refreshToken)
    throw new Error(`verify answered ${verified.status}: ${verified.json?.detail ?? verified.text}`);
  await tokenStore.write(verified.json.refreshToken);
}

async function main() {
  const urls = await endpoints();
  if (args.enroll) {
    await enroll(args.enroll, urls);
    console.log(
      `✓ smoke account ${args.enroll} enrolled (token stored ${args['token-file'] ? 'in the file' : `in ${TOKEN_PARAM}`})`,
    );
    return 0;
  }

  const checks = [];
  async function check(name, fn, fix) {
    try {
      const detail = await fn();
      checks.push({ name, ok: true, ...(detail ? { detail } : {}) });
    } catch (err) {
      checks.push({ name, ok: false, detail: err.message, fix });
    }
  }
  const expect = (cond, message) => {
    if (!cond) throw new Error(message);
  };

  for (const [key, service] of Object.entries(SERVICES))
    await check(
      `${service} GET /health`,
      async () => {
        const r = await http('GET', `${urls[key]}/health`);
        expect(r.status === 200 && r.json?.status === 'ok', `answered ${r.status} ${r.text.slice(0, 120)}`);
      },
      `deploy ${service} (npm run deploy -- --service ${service} --stage ${stage})`,
    );

  await check(
    'auth-otp publishes a signing key (JWKS)',
    async () => {
      const r = await http('GET', `${urls.auth}/.well-known/jwks.json`);
      const keys = r.json?.keys ?? [];
      expect(
        r.status === 200 && keys.length > 0 && keys.every((k) => k.kid && !('d' in k)),
        `answered ${r.status}, ${keys.length} keys`,
      );
      return `${keys.length} key(s)`;
    },
    'set /bookingbot/<stage>/auth/jwt-private-jwks (docs/auth.md)',
  );

  await check(
    'messenger-webhook verify handshake',
    async () => {
      const challenge = `smoke-${Date.now()}`;
      const q = new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.verify_token': await verifyToken(),
        'hub.challenge': challenge,
      });
      const r = await http('GET', `${urls.messenger}/webhook?${q}`);
      expect(r.status === 200 && r.text === challenge, `answered ${r.status}`);
    },
    'the verify token in SSM must be the one typed in the Meta app (docs/messenger.md)',
  );

  await check(
    'user-api refuses a read without a token (401 problem+json)',
    async () => {
      const r = await http('GET', `${urls.user}/me`);
      expect(
        r.status === 401 && r.type.startsWith('application/problem+json'),
        `answered ${r.status} ${r.type}`,
      );
    },
    'the authorizer is not wired: redeploy user-api',
  );

  await check(
    'one authorized read (smoke account: refresh → GET /me)',
    async () => {
      const refreshToken = await tokenStore.read();
      expect(refreshToken, `no smoke account: run npm run smoke -- --stage ${stage} --enroll <email> once`);
      const r = await http('POST', `${urls.auth}/auth/token/refresh`, { body: { refreshToken } });
      expect(r.status === 200 && r.json?.refreshToken, `refresh answered ${r.status} ${r.json?.code ?? ''}`);
      // The old token is spent: keep the new one before anything else can fail.
      await tokenStore.write(r.json.refreshToken);
      const me = await http('GET', `${urls.user}/me`, {
        headers: { authorization: `Bearer ${r.json.accessToken}` },
      });
      expect(me.status === 200 && me.json?.userId, `GET /me answered ${me.status}`);
    },
    `enroll the smoke account again: npm run smoke -- --stage ${stage} --enroll <email> (docs/operations.md#smoke-test)`,
  );

  if (args.json) console.log(JSON.stringify({ stage, ok: checks.every((c) => c.ok), checks }));
  else
    for (const c of checks)
      console.log(
        `${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}${c.ok ? '' : `\n    fix: ${c.fix}`}`,
      );
  return checks.every((c) => c.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`✖ ${err.message}`);
    process.exit(1);
  },
);
