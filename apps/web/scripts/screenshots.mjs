// Regenerates docs/images/*.png from the browser tests: runs the app's end-to-end tests (and any
// Jest path filters given) against a fresh local stack with SCREENSHOTS=1, which makes the tests'
// `screenshot()` helper write each screen. `node apps/web/scripts/screenshots.mjs [filters…]`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const filters = process.argv.slice(2);
const r = spawnSync(
  process.execPath,
  ['scripts/test.mjs', '--fast', ...(filters.length ? filters : ['apps/web'])],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SCREENSHOTS: '1' },
  },
);
process.exit(r.status ?? 1);
