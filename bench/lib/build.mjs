// Bundles every function the way serverless-esbuild does when the services are packaged: the same
// esbuild options, read from serverless.base.yml `custom.esbuild`, one CJS file per handler, then
// zipped like the per-function artifact. Also reads the zips `serverless package` last wrote into
// services/<svc>/.serverless/ (the infra test packages every service) to cross-check the sizes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { parse } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const TMP = path.join(ROOT, 'bench/results/tmp');
const require = createRequire(import.meta.url);
const esbuild = require('esbuild');
const { loadRouteTable, functionsOf } = require('../../infra/lib/routes.cjs');

export const SERVICE_DIRS = ['auth-otp', 'messenger-webhook', 'user-api', 'admin-api'];

/** The esbuild options every service shares (serverless.base.yml `custom.esbuild`). */
export function esbuildOptions() {
  const base = parse(readFileSync(path.join(ROOT, 'serverless.base.yml'), 'utf8'));
  const o = base.custom.esbuild;
  return {
    bundle: o.bundle,
    minify: o.minify,
    sourcemap: o.sourcemap,
    keepNames: o.keepNames,
    target: o.target,
    platform: o.platform,
    format: o.format,
    mainFields: o.mainFields,
    banner: o.banner,
    alias: o.alias,
    outExtension: o.outputFileExtension ? { '.js': o.outputFileExtension } : undefined,
    external: o.exclude ?? [],
  };
}

/** The file name serverless-esbuild gives a handler bundle (`handler.mjs` for ESM output). */
export function bundleFileName() {
  const base = parse(readFileSync(path.join(ROOT, 'serverless.base.yml'), 'utf8'));
  return `handler${base.custom.esbuild.outputFileExtension ?? '.js'}`;
}

/** Every function of every service present in the tree: {service, name, handlerFile, exportName, memoryMb, http}. */
export function listFunctions() {
  const base = parse(readFileSync(path.join(ROOT, 'serverless.base.yml'), 'utf8'));
  const out = [];
  for (const svc of SERVICE_DIRS) {
    const file = path.join(ROOT, 'services', svc, 'serverless.yml');
    if (!existsSync(file)) continue;
    const doc = parse(readFileSync(file, 'utf8'));
    // HTTP routes are declared in src/routes.ts and turned into functions by the infra plugin at
    // package time: read them the same way (infra/lib/routes.cjs), beside serverless.yml's own.
    const table = loadRouteTable(path.join(ROOT, 'services', svc));
    const declared = { ...(doc.functions ?? {}), ...(table ? functionsOf(table) : {}) };
    for (const [name, fn] of Object.entries(declared)) {
      const [modulePath, exportName] = splitHandler(fn.handler);
      const handlerFile = ['.ts', '.mts', '.js'].map((e) => path.join(ROOT, 'services', svc, modulePath + e));
      const found = handlerFile.find((f) => existsSync(f));
      const events = fn.events ?? [];
      out.push({
        service: svc,
        name,
        handlerFile: found,
        exportName,
        memoryMb: Number(fn.memorySize ?? base.provider.memorySize),
        http: events.find((e) => e.http)?.http ?? null,
        trigger: events.length ? Object.keys(events[0])[0] : 'invoke',
      });
    }
  }
  return out;
}

function splitHandler(h) {
  const i = h.lastIndexOf('.');
  return [h.slice(0, i), h.slice(i + 1)];
}

/** Zips the handler file like the deployment artifact; without a `zip` binary, leaves no file. */
function zipFile(dir, zip, name) {
  try {
    execFileSync('zip', ['-q', '-X', '-9', zip, name], { cwd: dir, stdio: 'ignore' });
  } catch {
    // no zip binary: zipSizeEstimate below
  }
}

/** Deflate (level 9) size plus the zip headers of one entry, when no `zip` binary exists. */
function zipSizeEstimate(file) {
  const name = path.basename(file).length;
  return deflateRawSync(readFileSync(file), { level: 9 }).length + 30 + name + 46 + name + 22;
}

/** Biggest inputs of one output by package, from esbuild's metafile (bundle analysis). */
function topPackages(output, limit = 6) {
  const byPkg = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const m = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1] : input.includes('packages/common/') ? '@bookingbot/common' : 'service code';
    byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPkg.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, bytes]) => ({ name, bytes }));
}

/**
 * Bundles the given functions of one service in one esbuild run (one complete bundle per entry,
 * no code splitting: exactly what each zip holds) and zips each. Returns {[fn]: {outfile,
 * bundleBytes, zipBytes, topPackages} | {error}}.
 */
export async function bundleFunctions(service, fns, { plugins = [], tag = 'plain' } = {}) {
  const outdir = path.join(TMP, 'build', tag, service);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const present = fns.filter((f) => f.handlerFile);
  const out = Object.fromEntries(
    fns.filter((f) => !f.handlerFile).map((f) => [f.name, { error: 'handler source file not found' }]),
  );
  if (!present.length) return out;
  let result;
  try {
    result = await esbuild.build({
      ...esbuildOptions(),
      entryPoints: Object.fromEntries(present.map((f) => [`${f.name}/handler`, f.handlerFile])),
      absWorkingDir: path.join(ROOT, 'services', service),
      outdir,
      metafile: true,
      logLevel: 'silent',
      plugins,
    });
  } catch (err) {
    const error = `esbuild failed: ${String(err.message ?? err)
      .split('\n')
      .slice(0, 3)
      .join(' ')}`;
    for (const f of present) out[f.name] = { error };
    return out;
  }
  for (const f of present) {
    const dir = path.join(outdir, f.name);
    const outfile = path.join(dir, bundleFileName());
    const zip = path.join(dir, 'function.zip');
    zipFile(dir, zip, path.basename(outfile));
    const key = Object.keys(result.metafile.outputs).find(
      (k) => path.resolve(ROOT, 'services', service, k) === outfile,
    );
    out[f.name] = {
      outfile,
      bundleBytes: statSync(outfile).size,
      zipBytes: existsSync(zip) ? statSync(zip).size : zipSizeEstimate(outfile),
      topPackages: topPackages(result.metafile.outputs[key]),
    };
  }
  return out;
}

/** Zip sizes `serverless package` last wrote for a service ({fn: {bytes, writtenAt}}), if any. */
export function packagedZips(service) {
  const dir = path.join(ROOT, 'services', service, '.serverless');
  if (!existsSync(dir)) return {};
  const out = {};
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.zip')) continue;
    const st = statSync(path.join(dir, f));
    out[f.replace(/\.zip$/, '')] = { bytes: st.size, writtenAt: st.mtime.toISOString() };
  }
  return out;
}

/**
 * An esbuild plugin that swaps `node:http`/`node:https` in the webhook's worker client
 * (services/messenger-webhook/src/lib/worker-client.ts) for bench/lib/https-stub.mjs, which answers
 * 202 from memory: the signed Invoke request is built as deployed, only the socket is skipped.
 * Used for the in-process hot path, never in a deployment.
 */
export function stubWorkerSocketPlugin() {
  const stub = path.join(ROOT, 'bench/lib/https-stub.mjs');
  return {
    name: 'bench-stub-worker-socket',
    setup(build) {
      build.onResolve({ filter: /^(node:)?https?$/ }, (args) =>
        /worker-client\.[cm]?[jt]s$/.test(args.importer) ? { path: stub } : undefined,
      );
    },
  };
}

/**
 * The cold-start reference every function is compared with: a two-line handler that creates a
 * DynamoDB DocumentClient and sends one GetItem, built at bench time with the same esbuild options
 * as the functions (so it moves with them: ESM output, main fields) except the credentials alias
 * (a saving of the functions, not of the yardstick). What a function costs beyond it is its own
 * code and dependencies.
 */
export async function bundleReference() {
  const outdir = path.join(TMP, 'build', 'reference');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const contents = [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    "const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT })); export const handler = async () => (await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'BENCH#reference', sk: 'BENCH#reference' } }))).Item ?? null;",
  ].join('\n');
  // The yardstick stays what issue 14 defined (ESM output with the module main fields): the
  // credentials alias is one of the functions' own savings, so it is not applied to the reference.
  const { alias: _alias, ...options } = esbuildOptions();
  const name = bundleFileName();
  const result = await esbuild.build({
    ...options,
    stdin: {
      contents,
      resolveDir: path.join(ROOT, 'packages/common'),
      loader: 'js',
      sourcefile: 'reference.mjs',
    },
    outfile: path.join(outdir, name),
    metafile: true,
    logLevel: 'silent',
  });
  const outfile = path.join(outdir, name);
  const zip = path.join(outdir, 'function.zip');
  zipFile(outdir, zip, name);
  return {
    outfile,
    bundleBytes: statSync(outfile).size,
    zipBytes: existsSync(zip) ? statSync(zip).size : zipSizeEstimate(outfile),
    topPackages: topPackages(Object.values(result.metafile.outputs)[0]),
  };
}
