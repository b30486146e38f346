import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run invoke` = `serverless invoke local --stage local` with the local stack's environment:
 * one function in-process against the running stack (no credentials, no deployed stack). A public
 * function, and one that reads DynamoDB Local with an authorizer context the way API Gateway
 * hands it over. (osls cannot load `.mjs` bundles on its own: infra/lib/invoke-local.cjs.)
 */
const ROOT = path.resolve(__dirname, '../..');

function invoke(service: string, fn: string, event?: unknown) {
  const offset = String(Number(process.env.USER_API_PORT ?? 4003) - 4003);
  const r = spawnSync(
    'node',
    [
      'scripts/invoke.mjs',
      '--service',
      service,
      '--function',
      fn,
      ...(event ? ['--data', JSON.stringify(event)] : []),
    ],
    { cwd: ROOT, env: { ...process.env, TEST_PORT_OFFSET: offset }, encoding: 'utf8', timeout: 240_000 },
  );
  // osls prints the handler's result as pretty JSON last on stdout.
  const json = r.stdout.slice(r.stdout.indexOf('{'));
  return {
    status: r.status,
    stderr: r.stderr,
    result: JSON.parse(json) as { statusCode: number; body: string },
  };
}

describe('npm run invoke (serverless invoke local against the local stack)', () => {
  it('It should run a public function and return its answer', () => {
    const { status, result } = invoke('user-api', 'health');
    expect(status).toBe(0);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  }, 250_000);

  it('It should run a function that reads the table of the running stack', () => {
    const { status, result } = invoke('user-api', 'servicesList', {
      httpMethod: 'GET',
      path: '/services',
      resource: '/services',
      headers: {},
      queryStringParameters: null,
      requestContext: {
        authorizer: { userId: 'usr-invoke-local', sessionId: 'ses-invoke-local', role: 'user' },
      },
      body: null,
    });
    expect(status).toBe(0);
    expect(result.statusCode).toBe(200);
    // The seeded catalog of the stack (scripts/seed.ts).
    expect(JSON.stringify(JSON.parse(result.body))).toContain('svc-consultation');
  }, 250_000);
});
