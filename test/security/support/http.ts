/**
 * fetch for the offline stack. serverless-offline answers 504 when a Lambda instance does not
 * finish within its timeout — on 2 loaded cores that is a cold start, never an answer of ours —
 * so a 504 is retried (twice, after a pause). Any other status is returned as is.
 */
export async function stackFetch(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    // Never wait forever: offline answers 504 itself after the function timeout (10 s).
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000), ...init });
    if (res.status !== 504 || attempt >= 2) return res;
    await res.arrayBuffer();
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * Calls each of `urls` once (4 at a time), so the Lambda instances behind them (and the
 * authorizer, with `headers`) are started before a test measures anything.
 */
export async function warmUp(
  requests: { url: string; method: string; headers?: Record<string, string> }[],
): Promise<void> {
  const queue = [...requests];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const hasBody = r.method !== 'GET' && r.method !== 'DELETE';
        const res = await stackFetch(r.url, {
          method: r.method,
          headers: { ...(r.headers ?? {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          ...(hasBody ? { body: '{}' } : {}),
        }).catch(() => undefined);
        await res?.arrayBuffer();
      }
    }),
  );
}

/**
 * Runs `fn` again (twice at most, after a pause) when it failed on a 504 — the sign-in helpers of
 * test/support/auth.ts throw `… answered 504` when an instance cold-started past its timeout.
 */
export async function retryingColdStart<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 2 || !/answered 504/.test(String((err as Error).message))) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
