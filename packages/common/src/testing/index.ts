/**
 * Test guard: integration and end-to-end tests may only talk to AWS endpoints on this machine.
 * Called from the Jest setup of those tiers; throws before any request can leave loopback.
 */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLocalUrl(url: string): boolean {
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Throws unless every configured AWS endpoint variable points at loopback. */
export function assertLocalEndpoints(env: NodeJS.ProcessEnv = process.env): void {
  const names = ['DYNAMODB_ENDPOINT', 'SES_ENDPOINT', 'S3_ENDPOINT', 'LAMBDA_ENDPOINT', 'GRAPH_API_URL'];
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && !isLocalUrl(value)) {
      throw new Error(`Refusing to run tests against non-local ${name}=${value}`);
    }
  }
  if (!env.DYNAMODB_ENDPOINT)
    throw new Error('Refusing to run: DYNAMODB_ENDPOINT must point at DynamoDB Local');
}
