// Renders bench/results/latest.md (every figure beside its budget) and docs/cost.md from the
// results object. The hand-written analysis (bench/findings.md) is appended verbatim.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './build.mjs';
import { renderWebSection } from './web.mjs';

// Goals of issue 14 (performance): each figure is judged in the run that measured it.
export const BUDGETS = {
  /** receive handler CPU ÷ HMAC+parse floor, by number of events in the body. */
  hotPathRatio: { 1: 5, 10: 3 },
  roundTripP95Ms10Users: 200,
  ackP99Ms: 100,
  zipBytes: 1024 * 1024,
  bundleBytes: 400 * 1024,
  /** init CPU ÷ the ESM reference (two-line DocumentClient GetItem handler), same run. */
  initRatio: 1.5,
  writeUnitsPerMessage: 6,
  nluAccuracyPct: 95,
};

const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
const num = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
const verdict = (ok) => (ok ? '✅ met' : '❌ missed');
const usd = (v) => (v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(2)}`);
const nm = (x) => (x?.notMeasured ? `not measured: ${x.notMeasured}` : null);
const lat = (s) => (s ? `${num(s.p50)} / ${num(s.p95)} / ${num(s.p99)} (n=${s.n})` : '–');
const hotBudget = (events) => BUDGETS.hotPathRatio[events] ?? BUDGETS.hotPathRatio[10];
const count5xx = (statuses) =>
  Object.entries(statuses ?? {}).reduce(
    (n, [code, c]) => (Number(code) >= 500 || code === 'error' ? n + c : n),
    0,
  );

/** DynamoDB write units per inbound message of the 1-user round trip (the cleanest flow). */
export function writeUnitsPerMessage(S) {
  const l = S.dynamodb?.['webhook-1'];
  const messages = S.roundTrip?.users1?.messages;
  if (!l || !messages || !l.calls) return null;
  return { writeUnits: l.writeUnits / messages, calls: l.calls / messages, messages };
}

const HAND_OFF_ROWS = [
  [
    'sdkInvokeCommand',
    '`@aws-sdk/client-lambda` `InvokeCommand` (the hand-off before issue 14)',
    'Lambda async queue: 2 retries, then the on-failure destination (DLQ); no order; no de-dup',
  ],
  [
    'smithySignatureV4',
    '`@smithy/signature-v4` signing the same Invoke (no client)',
    'same as the SDK invoke',
  ],
  ['aws4fetch', 'aws4fetch `AwsV4Signer` signing the same Invoke (WebCrypto)', 'same as the SDK invoke'],
  [
    'minimalSigV4Invoke',
    '**hand-written SigV4 over node:crypto, key cached per day (chosen; worker-client.ts)**',
    'same as the SDK invoke (same API call)',
  ],
  [
    'minimalSigV4SqsSendMessage',
    'SQS FIFO `SendMessage`, same signer',
    'FIFO: order per MessageGroupId (= PSID) and 5-min de-dup by id; a second hop (SQS → worker) before the reply; redrive DLQ',
  ],
];

function hotPathSection(h) {
  const out = ['## 1. Webhook hot path in process', ''];
  if (!h) return [...out, 'not measured: skipped (BENCH_SKIP)', ''];
  if (nm(h)) return [...out, nm(h), ''];
  out.push(
    'The real `receive` handler (services/messenger-webhook, bundled with the deployment esbuild options), called with API Gateway REST events carrying the byte-exact fixtures and a valid `X-Hub-Signature-256`. Only the socket of the worker hand-off is stubbed (`node:https` answers 202 from memory, bench/lib/https-stub.mjs), so the signed Invoke request is built exactly as deployed and no awaited I/O is in the figure. The floor is `createHmac` + `timingSafeEqual` + `JSON.parse` of the same bytes, measured in the same process, interleaved in blocks. CPU per call = `process.cpuUsage` over a block ÷ calls (median of blocks); wall = `performance.now` per call. "Generic stack" = the same POST through the full Middy stack (the path every refused POST takes).',
    '',
    '| body | floor CPU µs/call | handler CPU µs/call | ratio (CPU, medians) | budget | wall p50 / p95 / p99 µs (handler) | events/s (handler, one core) | generic stack CPU µs (ratio) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const [name, r] of Object.entries(h)) {
    if (r.error) {
      out.push(`| ${name} | not measured: ${r.error} | | | | | | |`);
      continue;
    }
    out.push(
      `| ${name} (${r.bytes} B, ${r.events} event${r.events > 1 ? 's' : ''}) | ${num(r.floorCpuUsPerCall.p50)} | ${num(r.handlerCpuUsPerCall.p50)} | ${num(r.ratioCpu, 1)}× | ≤ ${hotBudget(r.events)}× ${verdict(r.ratioCpu <= hotBudget(r.events))} | ${num(r.handlerUs.p50)} / ${num(r.handlerUs.p95)} / ${num(r.handlerUs.p99)} | ${r.handlerEventsPerSecond} | ${r.genericStack ? `${num(r.genericStack.handlerCpuUsPerCall.p50)} (${num(r.genericStack.ratioCpu)}×)` : '–'} |`,
    );
  }
  const any = Object.values(h).find((r) => !r.error);
  if (any)
    out.push(
      '',
      `Iterations per body: ${any.iterations} after warm-up. A forged signature is answered ${any.forgedSignatureStatus}. Log bytes written per accepted POST: ${any.logBytesPerPost}.`,
    );
  const withHandOff = Object.entries(h).filter(([, r]) => r.handOff);
  if (withHandOff.length) {
    out.push(
      '',
      '**The hand-off alone**, each option against the same floor (interleaved blocks, socket stubbed): CPU µs per hand-off and its ratio to the floor, per body; and what each option guarantees.',
      '',
      `| hand-off | ${withHandOff.map(([name]) => `${name}: CPU µs (÷ floor)`).join(' | ')} | ordering per customer, failures, de-dup |`,
      `| --- | ${withHandOff.map(() => '---').join(' | ')} | --- |`,
    );
    for (const [key, label, guarantees] of HAND_OFF_ROWS)
      out.push(
        `| ${label} | ${withHandOff
          .map(([, r]) => {
            const v = r.handOff[key];
            return !v
              ? '–'
              : v.notMeasured
                ? `not measured: ${v.notMeasured}`
                : `${num(v.cpuUsPerCall.p50)} (${num(v.ratioToFloor, 2)}×)`;
          })
          .join(' | ')} | ${guarantees} |`,
      );
  }
  return [...out, ''];
}

function roundTripSection(S) {
  const out = ['## 2. Messenger round trip on the offline stack', ''];
  if (!S.roundTrip) return [...out, 'not measured: the offline stack did not get this far', ''];
  if (nm(S.roundTrip)) return [...out, nm(S.roundTrip), ''];
  out.push(
    'A signed webhook POST (Meta’s serialization) for a new PSID → serverless-offline → `receive` → async invoke of `worker` on the offline Lambda endpoint → the reply arriving at a recording fake Graph API on loopback (timestamped on arrival, no polling). Each virtual user sends its next message after its reply. Milliseconds.',
    '',
    '| concurrent users | messages | reply p50 / p95 / p99 | budget | ack p50 / p95 / p99 | timeouts | webhook statuses | msgs/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const key of ['users1', 'users10', 'users50']) {
    const r = S.roundTrip?.[key];
    if (!r) continue;
    if (r.notMeasured) {
      out.push(`| ${key.replace('users', '')} | not measured: ${r.notMeasured} | | | | | | |`);
      continue;
    }
    const budget =
      key === 'users10'
        ? `p95 ≤ ${BUDGETS.roundTripP95Ms10Users}, no 5xx ${verdict(r.replyMs.p95 !== null && r.replyMs.p95 <= BUDGETS.roundTripP95Ms10Users && r.timeouts === 0 && count5xx(r.webhookStatuses) === 0)}`
        : '–';
    out.push(
      `| ${r.users} | ${r.messages} | ${lat(r.replyMs)} | ${budget} | ${lat(r.ackMs)} | ${r.timeouts} | ${JSON.stringify(r.webhookStatuses)} | ${r.messagesPerSecond} |`,
    );
  }
  const a = S.webhookAck;
  if (a && !a.notMeasured)
    out.push(
      '',
      `**Ack alone** (${a.total} signed POSTs, ${a.concurrency} in flight): p50 / p95 / p99 = ${lat(a.ackMs)} ms — budget p99 ≤ ${BUDGETS.ackP99Ms} ms and zero 5xx ${verdict(a.ackMs.p99 <= BUDGETS.ackP99Ms && count5xx(a.statuses) === 0)}. Statuses: ${JSON.stringify(a.statuses)}.${a.drain ? ` The next flow started after the worker had answered them all (${num(a.drain.ms, 0)} ms after the last ack${a.drain.unanswered ? `; ${a.drain.unanswered} still unanswered at the 120 s limit` : ''}), so \`webhook-1\` counts only its own turns.` : ''}`,
    );
  const h = S.hotConversation;
  if (h)
    out.push(
      '',
      h.notMeasured
        ? `**Hottest key** (one customer, a burst of messages): not measured: ${h.notMeasured}`
        : `**Hottest key** — one customer’s conversation item: ${h.burst} signed POSTs for one PSID at once. Acks p50 / p95 / p99 = ${lat(h.ackMs)} ms, statuses ${JSON.stringify(h.statuses)}; replies received ${h.repliesReceived} of ${h.burst}${h.allRepliedWithinMs !== null ? `, the last ${h.allRepliedWithinMs} ms after the burst` : ' (not all within the wait)'}. DynamoDB on that flow: see \`hotConversation\` below (conditional failures = contention on the one item). docs/capacity.md reads this row.`,
    );
  return [...out, ''];
}

function otpSection(o) {
  const out = ['## 3. Email-OTP sign-in and token refresh (offline stack)', ''];
  if (!o) return [...out, 'not measured: the offline stack did not get this far', ''];
  if (nm(o)) return [...out, nm(o), ''];
  out.push(
    `${o.attempted} distinct addresses, ${o.concurrency} at a time: POST /auth/otp/request → the code read from SES local’s store → POST /auth/otp/verify; then one POST /auth/token/refresh per session. Signed in: ${o.signedIn}; failures: ${JSON.stringify(o.failures)}; emails sent: ${o.emailsSent}.`,
    '',
    '| step | p50 / p95 / p99 ms | throughput |',
    '| --- | --- | --- |',
    `| request | ${lat(o.requestMs)} | |`,
    `| verify | ${lat(o.verifyMs)} | ${o.signInsPerSecond} sign-ins/s (request + mail + verify) |`,
    `| refresh | ${lat(o.refreshMs)} | ${o.refreshesPerSecond} refreshes/s |`,
  );
  return [...out, ''];
}

function bookingSection(b) {
  const out = ['## 4. Booking: 100 parallel claims on one slot', ''];
  if (!b) return [...out, 'not measured: the offline stack did not get this far', ''];
  if (nm(b)) return [...out, nm(b), ''];
  const r = b.race;
  out.push(
    `First ${b.sequentialBookings} users each read availability and book a distinct slot (statuses ${JSON.stringify(b.sequentialStatuses)}); then ${r.claimants} requests from ${r.distinctUsers} signed-in users claim the same slot at once.`,
    '',
    '| what | p50 / p95 / p99 ms |',
    '| --- | --- |',
    `| GET /availability | ${lat(b.availabilityMs)} |`,
    `| POST /appointments (uncontended) | ${lat(b.bookMs)} |`,
    `| race winner | ${lat(r.winnerMs)} |`,
    `| race losers (409) | ${lat(r.loserMs)} |`,
    '',
    `Race statuses: ${JSON.stringify(r.statuses)} — exactly one winner: ${r.exactlyOneWinner ? '✅ yes' : '❌ no'}.`,
  );
  return [...out, ''];
}

function coldSection(rows, ref) {
  const out = ['## 5. Cold start per function', ''];
  if (!rows) return [...out, 'not measured: the stack did not start', ''];
  const refCpu = ref?.initCpuMs?.p50;
  out.push(
    `Bundle = the function’s single minified file built with serverless.base.yml’s esbuild options (ESM \`.mjs\` since issue 14); zip = that file zipped (\`zip -9\`); “packaged” = the zip \`serverless package\` last wrote into services/<svc>/.serverless/ when present. Init = loading the bundle in a fresh \`node\` process (\`import()\` of an ES module, as Lambda’s runtime does; module scope: config, SDK clients); first invoke = one call with local endpoints (an event the function accepts or refuses; outcome shown). Medians over the runs. **Reference**: a two-line handler that creates a DynamoDB DocumentClient and sends one GetItem, built at bench time with the same options (${ref?.bundleBytes ? kb(ref.bundleBytes) : '–'}), sampled right after every run of every function; a row’s “÷ reference” is the median of its runs’ ratios to those paired reference runs (a load spike then lands on both halves of a pair); the reference’s init CPU p50 over all its runs is **${refCpu ? `${num(refCpu)} ms` : (nm(ref) ?? 'not measured')}** (n=${ref?.initCpuMs?.n ?? 0}). Budgets: init CPU ≤ ${BUDGETS.initRatio} × the reference, bundle ≤ ${kb(BUDGETS.bundleBytes)}, zip ≤ ${kb(BUDGETS.zipBytes)}. Verdicts on **CPU time** (\`process.cpuUsage\` around the load): on this shared machine the wall time mostly measures waiting for a core; both are shown.`,
    '',
    '| service / function | MB | bundle | bundle budget | zip | packaged zip | init CPU ms p50 | ÷ reference | init budget | init wall ms p50 | first invoke CPU / wall ms | outcome | biggest inputs |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rows) {
    if (r.notMeasured && !r.bundleBytes) {
      out.push(
        `| ${r.service} / ${r.function} | ${r.memoryMb} | not measured: ${r.notMeasured} | | | | | | | | | | |`,
      );
      continue;
    }
    const top = (r.topPackages ?? [])
      .slice(0, 3)
      .map((p) => `${p.name} ${kb(p.bytes)}`)
      .join(', ');
    const ratio = r.initCpuRatioToReference;
    out.push(
      `| ${r.service} / ${r.function} | ${r.memoryMb} | ${kb(r.bundleBytes)} | ${verdict(r.bundleBytes <= BUDGETS.bundleBytes)} | ${kb(r.zipBytes)} | ${r.packagedZip ? kb(r.packagedZip.bytes) : '–'} | ${r.initCpuMs ? num(r.initCpuMs.p50) : `not measured: ${r.notMeasured}`} | ${ratio !== undefined ? `${num(ratio, 2)}×` : '–'} | ${ratio !== undefined ? verdict(ratio <= BUDGETS.initRatio) : '–'} | ${r.initMs ? num(r.initMs.p50) : '–'} | ${r.firstInvokeMs ? `${num(r.firstInvokeCpuMs?.p50)} / ${num(r.firstInvokeMs.p50)}` : '–'} | ${r.firstInvokeOutcome ?? ''} | ${top} |`,
    );
  }
  if (refCpu)
    out.push(
      `| **reference** (DocumentClient + GetItem) | – | ${kb(ref.bundleBytes)} | ${verdict(ref.bundleBytes <= BUDGETS.bundleBytes)} | ${kb(ref.zipBytes)} | – | ${num(refCpu)} | 1.00× | – | ${num(ref.initMs?.p50)} | – | – | ${(
        ref.topPackages ?? []
      )
        .slice(0, 3)
        .map((p) => `${p.name} ${kb(p.bytes)}`)
        .join(', ')} |`,
    );
  return [...out, ''];
}

function dynamoSection(db) {
  if (!db) return [];
  const out = [
    '## DynamoDB per flow (ReturnConsumedCapacity through the proxy)',
    '',
    '| flow | calls | read units | write units | errors (conditional failures etc.) | operations |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const [flow, l] of Object.entries(db))
    out.push(
      `| ${flow} | ${l.calls} | ${num(l.readUnits)} | ${num(l.writeUnits)} | ${l.errors} | ${Object.entries(
        l.ops,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |`,
    );

  out.push('', 'Calls by operation and key prefix (what each flow touches), per flow:', '');
  for (const [flow, l] of Object.entries(db)) {
    if (!l.byKey) continue;
    const parts = Object.entries(l.byKey)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} × ${v}`);
    out.push(`- **${flow}**: ${parts.join('; ')}`);
  }

  return [...out, ''];
}

function costTables(cost) {
  const out = [];
  for (const w of cost.workloads) {
    out.push(`### Per 1,000: ${w.name}`, '');
    if (w.notMeasured) {
      out.push(`not measured: ${w.notMeasured}`, '');
      continue;
    }
    out.push('| item | quantity per unit | $ per 1,000 |', '| --- | --- | --- |');
    for (const i of w.items) out.push(`| ${i.item} | ${i.qty} | ${usd(i.cost * 1000)} |`);
    out.push(`| **total** | | **${usd(w.dollarsPer1000)}** |`, '');
  }
  const m = cost.mau;
  out.push('### Per 10,000 monthly active users', '');
  if (m.notMeasured) out.push(`not measured: ${m.notMeasured}`, '');
  else {
    out.push(
      `Profile: ${m.profile.note}`,
      '',
      '| item | quantity / month | $ / month |',
      '| --- | --- | --- |',
    );
    for (const l of m.lines) out.push(`| ${l.item} | ${l.qty} | ${usd(l.cost)} |`);
    out.push(`| **total** | | **${usd(m.dollarsPerMonth)}** |`, '');
    out.push(
      '### Sign-in cost against Amazon Cognito (same 10,000 MAU)',
      '',
      '| option | $ / month |',
      '| --- | --- |',
      `| this system: sign-ins + refreshes (API Gateway, Lambda, DynamoDB, SES) | ${usd(m.authDollarsPerMonth)} |`,
      `| Cognito Essentials (needed for email OTP), list price, no free tier | ${usd(m.cognito.essentialsListDollars)} + SES ${usd(m.cognito.sesForCodesDollars)} |`,
      `| Cognito Essentials within its 10,000-MAU free tier | ${usd(m.cognito.essentialsWithFreeTierDollars)} + SES ${usd(m.cognito.sesForCodesDollars)} |`,
      `| Cognito Lite (no email OTP), list price | ${usd(m.cognito.liteListDollars)} |`,
      '',
    );
  }
  return out;
}

function nluSection(n) {
  const out = ['## Free-text understanding (en + vi corpus, in process)', ''];
  if (!n || n.notMeasured) return [...out, nm(n) ?? 'not measured: no result', ''];
  out.push(
    `${n.utterances} utterances (${n.languages.en} en, ${n.languages.vi} vi) from services/messenger-webhook/test/fixtures/utterances.json: **${num(n.accuracyPct)} %** parsed exactly as expected (${n.correct}/${n.utterances}) — budget ≥ ${BUDGETS.nluAccuracyPct} % ${verdict(n.accuracyPct >= BUDGETS.nluAccuracyPct)}. Misses: ${n.misses.length} (${n.unexpectedMisses} outside the documented known limits).`,
    '',
    `Parse time per utterance (µs, ${n.parseUs.n} timed parses of the minified bundle, ${kb(n.bundleBytes ?? 0)} with luxon and chrono-node/en): p50 / p95 / p99 = ${num(n.parseUs.p50)} / ${num(n.parseUs.p95)} / ${num(n.parseUs.p99)}, max ${num(n.parseUs.max)}; CPU ${num(n.cpuUsPerParse)} µs per parse on average (the wall-clock tail is the shared machine's scheduler).`,
    '',
  );
  for (const m of n.misses) out.push(`- “${m.text}” — ${m.knownLimit ?? '**not a known limit**'}`);
  return [...out, ''];
}

function budgetSummary(r) {
  const S = r.sections;
  const rows = [];
  const add = (what, figure, budget, ok) =>
    rows.push(`| ${what} | ${figure} | ${budget} | ${ok === null ? 'not measured' : verdict(ok)} |`);
  for (const [name, h] of Object.entries(S.hotPath?.notMeasured ? {} : (S.hotPath ?? {})))
    if (!h.error)
      add(
        `hot path ${name} (${h.events} event${h.events > 1 ? 's' : ''}): handler ÷ floor (CPU)`,
        `${num(h.ratioCpu)}×`,
        `≤ ${hotBudget(h.events)}×`,
        h.ratioCpu <= hotBudget(h.events),
      );
  if (S.hotPath?.notMeasured) add('hot path', S.hotPath.notMeasured, '≤ 5× / ≤ 3×', null);
  const rt = S.roundTrip?.users10?.replyMs ? S.roundTrip.users10 : null;
  add(
    'round trip p95 at 10 users (and no 5xx)',
    rt
      ? `${num(rt.replyMs.p95)} ms, ${count5xx(rt.webhookStatuses)} × 5xx, ${rt.timeouts} timeouts`
      : (nm(S.roundTrip?.users10) ?? nm(S.roundTrip)),
    `≤ ${BUDGETS.roundTripP95Ms10Users} ms, zero 5xx`,
    rt
      ? rt.replyMs.p95 <= BUDGETS.roundTripP95Ms10Users &&
          rt.timeouts === 0 &&
          count5xx(rt.webhookStatuses) === 0
      : null,
  );
  const a = S.webhookAck;
  add(
    'webhook ack p99 (200 POSTs, 10 in flight) and 5xx',
    a?.ackMs ? `${num(a.ackMs.p99)} ms, ${count5xx(a.statuses)} × 5xx` : nm(a),
    `≤ ${BUDGETS.ackP99Ms} ms, zero 5xx`,
    a?.ackMs ? a.ackMs.p99 <= BUDGETS.ackP99Ms && count5xx(a.statuses) === 0 : null,
  );
  const cold = (S.coldStart ?? []).filter((c) => c.initCpuRatioToReference !== undefined);
  const worst = cold.reduce(
    (m, c) => (c.initCpuRatioToReference > (m?.initCpuRatioToReference ?? -1) ? c : m),
    null,
  );
  const over = cold.filter((c) => c.initCpuRatioToReference > BUDGETS.initRatio).length;
  add(
    'init CPU ÷ ESM reference (worst function, p50)',
    worst
      ? `${num(worst.initCpuRatioToReference, 2)}× (${worst.service}/${worst.function}: ${num(worst.initCpuMs.p50)} ms vs ${num(S.coldReference?.initCpuMs?.p50)} ms); ${over} of ${cold.length} over`
      : (nm(S.coldReference) ?? 'not measured'),
    `≤ ${BUDGETS.initRatio}×`,
    worst ? worst.initCpuRatioToReference <= BUDGETS.initRatio : null,
  );
  const sized = (S.coldStart ?? []).filter((c) => c.bundleBytes);
  const biggest = sized.reduce((m, c) => (c.bundleBytes > (m?.bundleBytes ?? -1) ? c : m), null);
  const overSize = sized.filter((c) => c.bundleBytes > BUDGETS.bundleBytes).length;
  add(
    'bundle size (largest function, unzipped)',
    biggest
      ? `${kb(biggest.bundleBytes)} (${biggest.service}/${biggest.function}); ${overSize} of ${sized.length} over`
      : 'not measured',
    `≤ ${kb(BUDGETS.bundleBytes)}`,
    biggest ? biggest.bundleBytes <= BUDGETS.bundleBytes : null,
  );
  const worstZip = sized.reduce(
    (m, c) =>
      (c.packagedZip?.bytes ?? c.zipBytes) > (m ? (m.packagedZip?.bytes ?? m.zipBytes) : -1) ? c : m,
    null,
  );
  add(
    'zip size (largest function)',
    worstZip
      ? `${kb(worstZip.packagedZip?.bytes ?? worstZip.zipBytes)} (${worstZip.service}/${worstZip.function})`
      : 'not measured',
    '≤ 1 MB',
    worstZip ? (worstZip.packagedZip?.bytes ?? worstZip.zipBytes) <= BUDGETS.zipBytes : null,
  );
  const w = writeUnitsPerMessage(S);
  add(
    'DynamoDB write units per inbound text message (worker)',
    w
      ? `${num(w.writeUnits, 2)} WU, ${num(w.calls, 1)} calls (webhook-1 flow, ${w.messages} messages)`
      : 'not measured',
    `≤ ${BUDGETS.writeUnitsPerMessage} WU`,
    w ? w.writeUnits <= BUDGETS.writeUnitsPerMessage : null,
  );
  const n = S.nlu;
  add(
    'free-text parse accuracy (corpus)',
    n?.accuracyPct === undefined
      ? (nm(n) ?? 'not measured')
      : `${num(n.accuracyPct)} % (${n.correct}/${n.utterances})`,
    `≥ ${BUDGETS.nluAccuracyPct} %`,
    n?.accuracyPct === undefined ? null : n.accuracyPct >= BUDGETS.nluAccuracyPct,
  );
  const web = S.web;
  for (const [route, r] of Object.entries(web?.js ?? {})) {
    add(
      `web app first-load JS, ${route} (gzip)`,
      r.gzipBytes === undefined ? (r.notMeasured ?? 'not measured') : kb(r.gzipBytes),
      r.budgetBytes ? `≤ ${kb(r.budgetBytes)}` : '–',
      r.gzipBytes === undefined ? null : r.withinBudget,
    );
  }
  const lh = web?.lighthouse;
  add(
    'Lighthouse mobile /book: performance / accessibility (median run)',
    lh?.performance === undefined
      ? (lh?.notMeasured ?? nm(web) ?? 'not measured')
      : `${lh.performance} / ${lh.accessibility}`,
    lh?.budget ? `≥ ${lh.budget} each` : '≥ 95 each',
    lh?.performance === undefined ? null : lh.withinBudget,
  );
  const race = S.booking?.race;
  add(
    'booking race: exactly one winner of 100',
    race ? JSON.stringify(race.statuses) : nm(S.booking),
    'exactly one 201',
    race ? race.exactlyOneWinner : null,
  );
  return [
    '## Budgets at a glance',
    '',
    '| figure | measured | budget | verdict |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

export function renderReport(r) {
  const findings = path.join(ROOT, 'bench/findings.md');
  return [
    '# Benchmark report',
    '',
    `Generated by \`npm run bench\` (bench/run.mjs) at ${r.generatedAt} on commit ${r.commit}, in ${r.durationSeconds} s. Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}; load average ${r.machine.loadAverageAtStart.join(' / ')} at start, ${r.machine.loadAverageAtEnd.join(' / ')} at the end (other work shares these cores: absolute latencies are noisy, same-run ratios less so). Raw figures: [latest.json](latest.json). Cost model: [docs/cost.md](../../docs/cost.md).`,
    '',
    ...(r.sections.stackError ? [`**The offline stack failed:** ${r.sections.stackError}`, ''] : []),
    ...budgetSummary(r),
    ...hotPathSection(r.sections.hotPath),
    ...roundTripSection(r.sections),
    ...otpSection(r.sections.otp),
    ...bookingSection(r.sections.booking),
    ...renderWebSection(r.sections.web),
    ...coldSection(r.sections.coldStart, r.sections.coldReference),
    ...nluSection(r.sections.nlu),
    ...dynamoSection(r.sections.dynamodb),
    '## 6. Cost per workload',
    '',
    `Prices: bench/prices.json (${r.cost.prices.region}, as of ${r.cost.prices.asOf}; ${r.cost.prices.source})`,
    '',
    ...costTables(r.cost),
    ...(existsSync(findings) ? [readFileSync(findings, 'utf8')] : []),
  ].join('\n');
}

export function renderCost(r) {
  return [
    '# Cost model',
    '',
    `Generated from the benchmark by \`npm run bench\` (bench/run.mjs, ${r.generatedAt}, commit ${r.commit}); do not edit by hand. The measurements behind each figure: [bench/results/latest.md](../bench/results/latest.md).`,
    '',
    '## How the figures are made',
    '',
    '- **Requests** follow the architecture: one API Gateway REST request and one Lambda invocation per HTTP call; an inbound message is one webhook request plus one asynchronous worker invocation; a protected call pays one authorizer run per token per 30 s (its result cache).',
    '- **Lambda compute** = invocations × measured duration × the function’s configured memory (serverless.yml), arm64 price. Duration = the lower of two measured upper bounds of one uncontended invocation: the median handler duration serverless-offline reported for that function over the run (`Duration: … ms` in .local/bench-logs/; inflated where a flow such as the 100-claim race queues invocations) and the fastest latency observed for that call over HTTP (which includes offline’s HTTP handling). The worker and the authorizer use offline’s figure alone (the reply arrives before the worker finishes; the authorizer’s cold invoke is refused early). On a shared, loaded machine both include waiting for a core, so the figure overstates billed duration.',
    '- **DynamoDB** request units are what DynamoDB Local returned with `ReturnConsumedCapacity: TOTAL`, asked for by a loopback proxy in front of it on every call the services made during the flow (authorizer and rate-limit calls included). On-demand prices.',
    '- **SES** emails are counted in SES local’s store during the flow.',
    '- **Not included**: CloudWatch Logs ingestion and metrics, X-Ray traces (tracing is on: $5 per million traces recorded beyond the free tier), data transfer, the event lake’s stream-triggered writer (one invocation and one S3 PUT per stream batch, not per event), storage (item and lake sizes are small at these volumes), WAF when enabled.',
    '',
    `Prices: [bench/prices.json](../bench/prices.json), us-east-1 list prices as of ${r.cost.prices.asOf} as known to the author (not fetched live).`,
    '',
    ...costTables(r.cost),
  ].join('\n');
}
