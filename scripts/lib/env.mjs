// The environment every local process gets: endpoints of the local stand-ins and documented
// development defaults for values that come from SSM per stage when deployed (README "Configuration").
// Any variable already set in the caller's environment wins, so outside tools can inject their own.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEV_SECRETS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../.local/dev-secrets.json',
);

/**
 * Development key material: an ES256 key pair (as a private JWKS) and the OTP/refresh-token
 * peppers, generated on first use and kept in `.local/` (git-ignored) so a restarted stack still
 * accepts the tokens it issued. Created with `wx`, so two processes racing agree on one file.
 */
function devSecrets() {
  try {
    return JSON.parse(readFileSync(DEV_SECRETS, 'utf8'));
  } catch {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = {
      ...privateKey.export({ format: 'jwk' }),
      kid: `dev-${randomUUID()}`,
      alg: 'ES256',
      use: 'sig',
    };
    const fresh = {
      jwks: JSON.stringify({ keys: [jwk] }),
      otpPepper: randomBytes(32).toString('base64url'),
      refreshPepper: randomBytes(32).toString('base64url'),
    };
    mkdirSync(path.dirname(DEV_SECRETS), { recursive: true });
    try {
      writeFileSync(DEV_SECRETS, JSON.stringify(fresh), { flag: 'wx', mode: 0o600 });
      return fresh;
    } catch {
      return JSON.parse(readFileSync(DEV_SECRETS, 'utf8'));
    }
  }
}
export function localEnv(ports, env = process.env) {
  const pick = (name, fallback) => env[name] ?? fallback;
  const dev = devSecrets();
  return {
    STAGE: 'local',
    AWS_REGION: pick('AWS_REGION', 'us-east-1'),
    AWS_ACCESS_KEY_ID: pick('AWS_ACCESS_KEY_ID', 'local'),
    AWS_SECRET_ACCESS_KEY: pick('AWS_SECRET_ACCESS_KEY', 'local'),
    TABLE_NAME: pick('TABLE_NAME', 'bookingbot-local-main'),
    EVENT_BUCKET: pick('EVENT_BUCKET', 'bookingbot-local-events'),
    DYNAMODB_ENDPOINT: `http://127.0.0.1:${ports.DYNAMODB_PORT}`,
    SES_ENDPOINT: `http://127.0.0.1:${ports.SES_PORT}`,
    S3_ENDPOINT: `http://127.0.0.1:${ports.S3_PORT}`,
    AUTH_URL: `http://127.0.0.1:${ports.AUTH_PORT}`,
    USER_API_URL: `http://127.0.0.1:${ports.USER_API_PORT}`,
    ADMIN_API_URL: `http://127.0.0.1:${ports.ADMIN_API_PORT}`,
    WEBHOOK_URL: `http://127.0.0.1:${ports.MESSENGER_PORT}/webhook`,
    // The web app's origin (scripts/lib/web-server.mjs): auth-otp's cookie routes accept only it (CSRF).
    SITE_ORIGIN: pick('SITE_ORIGIN', `http://127.0.0.1:${ports.WEB_PORT},http://localhost:${ports.WEB_PORT}`),
    // The webhook's hand-off target: the async-invoke queue (scripts/lib/invoke-queue.mjs) in front
    // of the worker's own offline process (scripts/lib/stack.mjs).
    MESSENGER_LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.MESSENGER_INVOKE_QUEUE_PORT}`,
    GRAPH_API_URL: pick('GRAPH_API_URL', `http://127.0.0.1:${ports.SIMULATOR_PORT}`),
    GRAPH_API_VERSION: pick('GRAPH_API_VERSION', 'v23.0'),
    // Development-only values: deployed stages read these from SSM SecureString parameters.
    MESSENGER_APP_SECRET: pick('MESSENGER_APP_SECRET', 'local-dev-app-secret-change-me'),
    MESSENGER_VERIFY_TOKEN: pick('MESSENGER_VERIFY_TOKEN', 'local-dev-verify-token'),
    MESSENGER_PAGE_ACCESS_TOKEN: pick('MESSENGER_PAGE_ACCESS_TOKEN', 'local-dev-page-token'),
    MESSENGER_PAGE_ID: pick('MESSENGER_PAGE_ID', '104582931234567'),
    ADMIN_EMAILS: pick('ADMIN_EMAILS', 'admin@example.com'),
    // auth-otp: signing keys and peppers generated once per checkout (.local/dev-secrets.json, never
    // committed), so every process of a stack signs and verifies with the same keys.
    JWT_PRIVATE_JWKS: pick('JWT_PRIVATE_JWKS', dev.jwks),
    OTP_PEPPER: pick('OTP_PEPPER', dev.otpPepper),
    REFRESH_TOKEN_PEPPER: pick('REFRESH_TOKEN_PEPPER', dev.refreshPepper),
    // One loopback address serves every local caller (and every test): the per-IP sign-in limits
    // are raised locally; deployed stages keep the defaults in docs/auth.md.
    OTP_IP_REQUESTS_PER_HOUR: pick('OTP_IP_REQUESTS_PER_HOUR', '100000'),
    OTP_IP_VERIFICATIONS_PER_HOUR: pick('OTP_IP_VERIFICATIONS_PER_HOUR', '100000'),
    SES_FROM: pick('SES_FROM', 'Bookingbot <no-reply@bookingbot.local>'),
    // Analytics: reports run on DuckDB over S3 local's copy of the event bucket (same SQL as Athena).
    ANALYTICS_ENGINE: pick('ANALYTICS_ENGINE', 'duckdb'),
    ANALYTICS_LAKE_DIR: pick(
      'ANALYTICS_LAKE_DIR',
      path.resolve(
        path.dirname(fileURLToPath(import.meta.url)),
        '../../.local/s3',
        String(ports.S3_PORT),
        pick('EVENT_BUCKET', 'bookingbot-local-events'),
      ),
    ),
    LOG_LEVEL: pick('LOG_LEVEL', 'INFO'),
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  };
}
