// Free-text understanding (issue 12): parse accuracy over the corpus and parse time per utterance,
// in process. The NLU module is bundled as the functions bundle it (esbuild, ESM, Node), then every
// corpus utterance is parsed: warm-up passes, then timed passes, each utterance timed on its own.
// Accuracy counts every entry, the known limits too (they are misses); the budget is ≥ 95 %.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, TMP } from './build.mjs';
import { summarize } from './stats.mjs';

export const NLU_ACCURACY_BUDGET_PCT = 95;
const CORPUS = path.join(ROOT, 'services/messenger-webhook/test/fixtures/utterances.json');
const ENTRY = path.join(ROOT, 'services/messenger-webhook/src/conversation/nlu/index.ts');

/** Stable JSON of a parse without its detected locale (the corpus does not pin it). */
const key = ({ locale: _l, ...rest }) =>
  JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));

/** Bundles the NLU, runs the corpus; `{ utterances, correct, accuracyPct, parseUs, … }`. */
export async function measureNlu({ warmupPasses = 3, timedPasses = 20 } = {}) {
  const outfile = path.join(TMP, 'nlu', 'nlu.mjs');
  const built = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const { understand } = await import(pathToFileURL(outfile).href);
  const corpus = JSON.parse(readFileSync(CORPUS, 'utf8'));
  const now = new Date(corpus.now);
  const run = (u) =>
    understand(u.text, { locale: u.locale, timeZone: corpus.timeZone, now, services: corpus.services });

  const misses = [];
  for (const u of corpus.utterances)
    if (key(run(u)) !== key(u.expect)) misses.push({ text: u.text, knownLimit: u.knownLimit ?? null });
  for (let p = 0; p < warmupPasses; p++) for (const u of corpus.utterances) run(u);
  const samples = [];
  // Wall time per parse has a long tail on a shared, loaded machine (the scheduler, not the parser);
  // the CPU time of all timed passes divided by the parses is the steadier mean.
  const cpu0 = process.cpuUsage();
  for (let p = 0; p < timedPasses; p++)
    for (const u of corpus.utterances) {
      const t0 = performance.now();
      run(u);
      samples.push((performance.now() - t0) * 1000);
    }
  const cpu = process.cpuUsage(cpu0);
  const n = corpus.utterances.length;
  const correct = n - misses.length;
  const accuracyPct = Number(((correct / n) * 100).toFixed(1));
  return {
    utterances: n,
    languages: {
      en: corpus.utterances.filter((u) => u.locale === 'en').length,
      vi: corpus.utterances.filter((u) => u.locale === 'vi').length,
    },
    correct,
    accuracyPct,
    budgetPct: NLU_ACCURACY_BUDGET_PCT,
    meetsBudget: accuracyPct >= NLU_ACCURACY_BUDGET_PCT,
    misses,
    unexpectedMisses: misses.filter((m) => !m.knownLimit).length,
    parseUs: summarize(samples, 1),
    cpuUsPerParse: Number(((cpu.user + cpu.system) / samples.length).toFixed(1)),
    bundleBytes: Object.values(built.metafile.outputs)[0]?.bytes ?? null,
  };
}

// `node bench/lib/nlu.mjs`: this section alone, printed as JSON.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  console.log(JSON.stringify(await measureNlu(), null, 2));
