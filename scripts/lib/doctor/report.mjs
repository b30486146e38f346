// One check's result and how the doctor prints it. A check is ✓ (pass), ✗ (fail: with the fix in one
// sentence and the section of docs/go-live.md that explains it) or "skipped" (no counterpart here,
// with the reason): never a ✓ for something that was not checked.

export const GO_LIVE = 'docs/go-live.md';

/** The sections of docs/go-live.md a fix links to (a test checks each heading exists). */
export const SECTIONS = [
  'aws-account',
  'ses',
  'meta-app',
  'page',
  'page-token',
  'app-review',
  'ssm-parameters',
  'deploy',
  'webhook',
  'messenger-setup',
  'handover',
  'doctor',
  'first-booking',
  'alarms',
  'local',
];

/** @typedef {{ id: string, title: string, status: 'pass'|'fail'|'skip', detail: string, fix?: string, doc?: string }} CheckResult */

export const pass = (id, title, detail) => ({ id, title, status: 'pass', detail });
export const skip = (id, title, detail) => ({ id, title, status: 'skip', detail });
/** A failed check: `anchor` is the go-live section, e.g. `ses` → docs/go-live.md#ses. */
export function fail(id, title, detail, fix, anchor) {
  if (!SECTIONS.includes(anchor)) throw new Error(`doctor bug: no go-live section "${anchor}"`);
  return { id, title, status: 'fail', detail, fix, doc: `${GO_LIVE}#${anchor}` };
}

/**
 * Runs one check; an exception (network down, AWS error) is a ✗ with its message, so one broken
 * dependency never hides the remaining checks.
 */
export async function guarded(id, title, anchor, fix, run) {
  try {
    return await run();
  } catch (err) {
    // fetch() hides the reason (ECONNREFUSED, ENOTFOUND) in `cause`.
    const cause = err?.cause?.code ?? err?.cause?.message;
    const base =
      err?.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : String(err?.message ?? err);
    const message = cause ? `${base} (${cause})` : base;
    return fail(id, title, message, fix, anchor);
  }
}

const MARK = { pass: '✓', fail: '✗', skip: '–' };

/** One line per check; a ✗ adds its fix and the doc section on the next line. */
export function formatText(stage, results) {
  const lines = [`bookingbot doctor — stage ${stage}`, ''];
  for (const r of results) {
    const detail = r.status === 'skip' ? `skipped: ${r.detail}` : r.detail;
    lines.push(`${MARK[r.status]} ${r.title} — ${detail}  [${r.id}]`);
    if (r.status === 'fail') lines.push(`    fix: ${r.fix} (${r.doc})`);
  }
  const n = (s) => results.filter((r) => r.status === s).length;
  lines.push('', `${n('pass')} passed, ${n('fail')} failed, ${n('skip')} skipped`);
  return lines.join('\n');
}

export function summary(stage, results) {
  const n = (s) => results.filter((r) => r.status === s).length;
  return {
    stage,
    ok: n('fail') === 0,
    passed: n('pass'),
    failed: n('fail'),
    skipped: n('skip'),
    checks: results,
  };
}
