// The web app's weight and Lighthouse scores (issue 13): JavaScript of each area's first load,
// gzipped, against its budget, and a Lighthouse mobile run (performance + accessibility) of /book
// on the local build. Used by bench/run.mjs against the bench stack's web server; alone,
// `node bench/lib/web.mjs [--url http://127.0.0.1:4020]` builds the app, serves it on a free port
// (APIs proxied to the dev ports) unless --url is given, and prints the figures as JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWebApp, startWebServer } from '../../scripts/lib/web-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TMP = path.join(ROOT, 'bench/results/tmp');
const KB = 1024;

/** First-load budgets (gzipped JavaScript), from the issue. */
export const JS_BUDGETS = { '/book/': 120 * KB, '/console/': 200 * KB };
/** Lighthouse mobile score budget (0-100) for /book, both categories. */
export const LIGHTHOUSE_BUDGET = 95;

/**
 * JavaScript a first visit to each area downloads: the entry script and every chunk Vite lists as
 * `modulepreload` in the area's index.html (its static imports), each gzipped at level 9 as a CDN
 * would serve it. Lazy chunks (dynamic imports) are not part of the first load.
 */
export function jsPerRoute(distDir) {
  const out = {};
  for (const [route, budget] of Object.entries(JS_BUDGETS)) {
    const html = path.join(distDir, route, 'index.html');
    if (!existsSync(html)) {
      out[route] = { notMeasured: `${path.relative(ROOT, html)} is not built (the area does not exist yet)` };
      continue;
    }
    const text = readFileSync(html, 'utf8');
    const refs = new Set(
      [...text.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
        (m) => m[1],
      ),
    );
    const files = [...refs].map((ref) => {
      const file = path.join(distDir, ref.replace(/^\//, ''));
      const raw = readFileSync(file);
      return { file: ref, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    });
    const gzipBytes = files.reduce((n, f) => n + f.gzipBytes, 0);
    out[route] = {
      files,
      bytes: files.reduce((n, f) => n + f.bytes, 0),
      gzipBytes,
      budgetBytes: budget,
      withinBudget: gzipBytes <= budget,
    };
  }
  return out;
}

/** Lighthouse runs per measurement: its docs advise the median of several (run-to-run variance). */
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

/** One Lighthouse 12.2.3 run (pinned: 13 needs Node 22), mobile form factor (its default), Debian Chromium. */
function lighthouseOnce(bin, url, n) {
  const report = path.join(TMP, `lighthouse-book-${n}.json`);
  rmSync(report, { force: true });
  const r = spawnSync(
    bin,
    [
      url,
      '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking',
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${report}`,
      '--quiet',
    ],
    {
      env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
      encoding: 'utf8',
      timeout: 180_000,
      killSignal: 'SIGKILL',
    },
  );
  if (r.status !== 0 || !existsSync(report))
    return { error: `lighthouse failed: ${(r.stderr || r.stdout || String(r.error)).slice(-300)}` };
  const lhr = JSON.parse(readFileSync(report, 'utf8'));
  const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const audit = (id) => lhr.audits[id]?.numericValue;
  return {
    lighthouseVersion: lhr.lighthouseVersion,
    formFactor: lhr.configSettings?.formFactor,
    // Lighthouse's own CPU benchmark of the machine during the run (its docs: < 1000 means the
    // simulated-throttling figures, TBT above all, come out pessimistic).
    benchmarkIndex: lhr.environment?.benchmarkIndex,
    performance: score('performance'),
    accessibility: score('accessibility'),
    metricsMs: {
      firstContentfulPaint: Math.round(audit('first-contentful-paint') ?? 0),
      largestContentfulPaint: Math.round(audit('largest-contentful-paint') ?? 0),
      totalBlockingTime: Math.round(audit('total-blocking-time') ?? 0),
    },
    cumulativeLayoutShift: audit('cumulative-layout-shift'),
  };
}

/**
 * Lighthouse on `url`, LIGHTHOUSE_RUNS times (a run that fails or hangs is retried once); the
 * reported figures are those of the median run by performance score, every run is kept.
 */
export function lighthouse(url) {
  const bin = path.join(ROOT, 'apps/web/node_modules/.bin/lighthouse');
  if (!existsSync(bin)) return { notMeasured: 'lighthouse is not installed (pnpm install)' };
  mkdirSync(TMP, { recursive: true });
  const runs = [];
  let lastError;
  for (let n = 0; runs.length < LIGHTHOUSE_RUNS && n < LIGHTHOUSE_RUNS + 2; n++) {
    const run = lighthouseOnce(bin, url, n);
    if (run.error) lastError = run.error;
    else runs.push(run);
  }
  if (!runs.length) return { notMeasured: lastError };
  const sorted = [...runs].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    url,
    ...median,
    runs: runs.map((r) => ({
      performance: r.performance,
      accessibility: r.accessibility,
      benchmarkIndex: r.benchmarkIndex,
      totalBlockingTime: r.metricsMs.totalBlockingTime,
    })),
    budget: LIGHTHOUSE_BUDGET,
    withinBudget: median.performance >= LIGHTHOUSE_BUDGET && median.accessibility >= LIGHTHOUSE_BUDGET,
  };
}

/** Builds the app into the bench's tmp dir, measures its JS, then Lighthouse on `${baseUrl}/book/`. */
export function measureWeb({
  baseUrl,
  distDir = path.join(TMP, 'web-dist'),
  build = true,
  log = console.log,
}) {
  if (build) {
    log('building the web app (Vite) for the JS-per-route figures');
    if (!buildWebApp({ quiet: true, outDir: distDir })) return { notMeasured: 'the web app build failed' };
  }
  const js = jsPerRoute(distDir);
  log(`Lighthouse (mobile) on ${baseUrl}/book/`);
  return { js, lighthouse: lighthouse(`${baseUrl}/book/`) };
}

/**
 * The bench run's web step: builds the app into the bench's tmp dir, starts the stack's web server
 * on it (WEB_PORT of the bench ports) and measures. `stack` is the bench's LocalStack.
 */
export async function benchWeb({ stack, log = console.log }) {
  const distDir = path.join(TMP, 'web-dist');
  log('building the web app (Vite) for the JS-per-route figures');
  if (!buildWebApp({ quiet: true, outDir: distDir })) return { notMeasured: 'the web app build failed' };
  process.env.WEB_DIST_DIR = distDir;
  await stack.startWeb();
  return measureWeb({ baseUrl: `http://127.0.0.1:${stack.ports.WEB_PORT}`, distDir, build: false, log });
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;

/** The report's "Web app" section (markdown lines). */
export function renderWebSection(web) {
  const out = ['## Web app (apps/web)', ''];
  if (!web) return [...out, 'not measured: the run did not get this far', ''];
  if (web.notMeasured) return [...out, `not measured: ${web.notMeasured}`, ''];
  out.push(
    '| first load | JS files | JS (raw) | JS (gzip -9) | budget | |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const [route, r] of Object.entries(web.js ?? {})) {
    if (r.notMeasured) out.push(`| ${route} | not measured: ${r.notMeasured} | | | | |`);
    else
      out.push(
        `| ${route} | ${r.files.length} | ${kb(r.bytes)} | ${kb(r.gzipBytes)} | ≤ ${kb(r.budgetBytes)} | ${r.withinBudget ? '✅' : '❌'} |`,
      );
  }
  const lh = web.lighthouse;
  out.push('');
  if (!lh || lh.notMeasured) out.push(`Lighthouse: not measured: ${lh?.notMeasured ?? 'no run'}`);
  else
    out.push(
      `Lighthouse ${lh.lighthouseVersion} (${lh.formFactor}, simulated throttling) on \`${lh.url}\`, median of ${lh.runs?.length ?? 1} runs: performance **${lh.performance}**, accessibility **${lh.accessibility}** — budget ≥ ${lh.budget} ${lh.withinBudget ? '✅' : '❌'} (FCP ${lh.metricsMs.firstContentfulPaint} ms, LCP ${lh.metricsMs.largestContentfulPaint} ms, TBT ${lh.metricsMs.totalBlockingTime} ms, CLS ${lh.cumulativeLayoutShift}; machine benchmarkIndex ${lh.benchmarkIndex}). Runs (performance / accessibility / TBT ms / benchmarkIndex): ${(lh.runs ?? []).map((r) => `${r.performance} / ${r.accessibility} / ${r.totalBlockingTime} / ${r.benchmarkIndex}`).join('; ')}.`,
    );
  return [...out, ''];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--url');
  const distDir = path.join(TMP, 'web-dist');
  let server;
  let baseUrl = i > 0 ? process.argv[i + 1] : undefined;
  if (!buildWebApp({ quiet: true, outDir: distDir })) process.exit(1);
  if (!baseUrl) {
    const dev = (p) => `http://127.0.0.1:${p}`;
    server = await startWebServer({
      port: 0,
      distDir,
      targets: { auth: dev(4001), userApi: dev(4003), adminApi: dev(4004), webhook: dev(4002) },
    });
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  }
  const result = measureWeb({ baseUrl, distDir, build: false });
  server?.close();
  console.log(JSON.stringify(result, null, 2));
}
