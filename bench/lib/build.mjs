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
    external: o.exclude ?? [],
  };
}

/** Every function of every service present in the tree: {service, name, handlerFile, exportName, memoryMb, http}. */
export function listFunctions() {
  const base = parse(readFileSync(path.join(ROOT, 'serverless.base.yml'), 'utf8'));
  const out = [];
  for (const svc of SERVICE_DIRS) {
    const file = path.join(ROOT, 'services', svc, 'serverless.yml');
    if (!existsSync(file)) continue;
    const doc = parse(readFileSync(file, 'utf8'));
    for (const [name, fn] of Object.entries(doc.functions ?? {})) {
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

/** Zips handler.js like the deployment artifact; without a `zip` binary, leaves no file. */
function zipFile(dir, zip) {
  try {
    execFileSync('zip', ['-q', '-X', '-9', zip, 'handler.js'], { cwd: dir, stdio: 'ignore' });
  } catch {
    // no zip binary: zipSizeEstimate below
  }
}

/** Deflate (level 9) size plus the zip headers of one entry, when no `zip` binary exists. */
function zipSizeEstimate(file) {
  const name = 'handler.js'.length;
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
    const outfile = path.join(dir, 'handler.js');
    const zip = path.join(dir, 'function.zip');
    zipFile(dir, zip);
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
 * An esbuild plugin that swaps `@aws-sdk/client-lambda` for bench/lib/lambda-stub.mjs, whose
 * clients answer every request with 202 from memory: the SDK's whole middleware stack (serialize,
 * SigV4, deserialize) still runs, only the socket is skipped. Used for the in-process hot path,
 * never in a deployment.
 */
export function stubLambdaNetworkPlugin() {
  const stub = path.join(ROOT, 'bench/lib/lambda-stub.mjs');
  let serviceResolveDir = null;
  return {
    name: 'bench-stub-lambda-network',
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/client-lambda$/ }, (args) => {
        if (args.pluginData?.real) return undefined; // the lookup below: let esbuild find the package
        serviceResolveDir ??= args.resolveDir;
        return { path: stub };
      });
      // The stub's own import of the real package, resolved from the service that imported it.
      build.onResolve({ filter: /^bench:real-client-lambda$/ }, async (args) => {
        const real = await build.resolve('@aws-sdk/client-lambda', {
          resolveDir: serviceResolveDir ?? args.resolveDir,
          kind: args.kind,
          pluginData: { real: true },
        });
        return real.errors.length ? { errors: real.errors } : { path: real.path };
      });
    },
  };
}
