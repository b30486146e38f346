/**
 * Contract recording (setup file of the e2e project): every HTTP answer a service gives an e2e
 * test is appended to `$TEST_LOG_DIR/contract/<pid>.ndjson`; after the run, test/contract/check.mjs
 * (Jest's globalTeardown) validates them all against the services' own `GET /openapi.json`.
 * One file per worker process, appended line by line, so parallel test files never share a writer.
 * Wraps `fetch` because every e2e helper and test calls the services through it.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const SERVICES: [string, string | undefined][] = [
  ['auth-otp', process.env.AUTH_URL],
  ['messenger-webhook', process.env.WEBHOOK_URL],
  ['user-api', process.env.USER_API_URL],
  ['admin-api', process.env.ADMIN_API_URL],
];
const dir = process.env.TEST_LOG_DIR ? path.join(process.env.TEST_LOG_DIR, 'contract') : undefined;
const marker = Symbol.for('bookingbot.contract.fetch');
type Tagged = typeof fetch & { [marker]?: true };

function serviceOf(url: URL): string | undefined {
  for (const [name, base] of SERVICES) if (base && new URL(base).host === url.host) return name;
  return undefined;
}

/** JWTs and refresh tokens replaced by placeholders of the same type. */
function redact(body: string): string {
  return body
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, 'redacted.jwt.token')
    .replace(/("refreshToken"\s*:\s*")[^"]*/g, '$1redacted');
}

if (dir && !(globalThis.fetch as Tagged)[marker]) {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}.ndjson`);
  const original = globalThis.fetch;
  const recording: Tagged = async (input, init) => {
    const response = await original(input, init);
    try {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const service = serviceOf(url);
      if (service) {
        // Tokens never reach the log folder (test/security/secrets-at-rest.test.ts scans it): each
        // keeps its JSON type, which is all the schema check needs.
        const body = redact(await response.clone().text());
        const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
        appendFileSync(
          file,
          `${JSON.stringify({
            service,
            method,
            path: url.pathname,
            status: response.status,
            contentType: response.headers.get('content-type'),
            body,
            test: path.relative(process.cwd(), expect.getState().testPath ?? ''),
          })}\n`,
        );
      }
    } catch {
      // Recording must never change what the test sees; a failure here only loses one sample.
    }
    return response;
  };
  recording[marker] = true;
  globalThis.fetch = recording;
}
