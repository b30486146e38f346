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
