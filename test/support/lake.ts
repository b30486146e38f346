import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * Event-lake rows (all days) whose line mentions `needle`, read straight from S3 local's bucket
 * folder (`ANALYTICS_LAKE_DIR`, set by scripts/test.mjs): the gzip NDJSON objects the event writer
 * put there. No lake yet → no rows.
 */
export function lakeRows(needle: string): Record<string, unknown>[] {
  const root = path.join(process.env.ANALYTICS_LAKE_DIR as string, 'events');
  let days: string[] = [];
  try {
    days = readdirSync(root);
  } catch {
    return [];
  }
  return days.flatMap((d) =>
    readdirSync(path.join(root, d))
      .filter((f) => f.endsWith('._S3rver_object') || f.endsWith('.ndjson.gz'))
      .flatMap((f) =>
        gunzipSync(readFileSync(path.join(root, d, f)))
          .toString('utf8')
          .split('\n')
          .filter((l) => l.includes(needle))
          .map((l) => JSON.parse(l) as Record<string, unknown>),
      ),
  );
}

/**
 * Polls `probe` every 500 ms until it returns a value (the event writer runs on the stream, a few
 * seconds behind the write); throws after `timeoutMs`. @default timeoutMs 45000
 */
export async function untilLake<T>(probe: () => T | undefined, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('the lake never showed the expected events');
    await new Promise((r) => setTimeout(r, 500));
  }
}
