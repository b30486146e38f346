// Order statistics for latency samples. Nearest-rank percentiles: with n samples, p99 is a sample
// that was observed, never an interpolation (and the report says n beside it).

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** n, min, median, p95, p99, max and mean of `samples` (any order), rounded to `digits`. */
export function summarize(samples, digits = 3) {
  const s = [...samples].sort((a, b) => a - b);
  const r = (v) => (v === null ? null : Number(v.toFixed(digits)));
  const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  return {
    n: s.length,
    min: r(s[0] ?? null),
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s.at(-1) ?? null),
    mean: r(mean),
  };
}

/** Runs `fn(i)` for i in [0, total) with at most `concurrency` in flight; resolves to the results. */
export async function pool(total, concurrency, fn) {
  const out = new Array(total);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) {
      const i = next++;
      out[i] = await fn(i);
    }
  });
  await Promise.all(workers);
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
