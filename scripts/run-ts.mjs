// Runs a TypeScript script (seed, tools) the way Lambda runs our code: bundled by esbuild into one
// CJS file, so ESM-only dependencies and workspace imports resolve exactly as in the deployed zips.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outDir = path.resolve('.local/build');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry, '.ts')}-${process.pid}.cjs`);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  logLevel: 'error',
});
process.argv = [process.argv[0], entry, ...rest];
const mod = createRequire(import.meta.url)(outfile);
if (typeof mod.main === 'function') {
  try {
    await mod.main(rest);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
