import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Grep-level rules of the codebase (issue 15), checked over every source file of the packages,
 * services, scripts and tools (tests excluded, they build fixtures freely):
 * - data ownership: `TableName` (a raw DynamoDB command) appears only in the modules that own the
 *   table's item types (docs/data-model.md) and in the local stack's setup (scripts/lib);
 * - typed errors: no `registerErrorCodes` (the codes are one table in common/errors);
 * - one logger per function: `new Logger(` only in common/logging.
 */
const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['packages', 'services', 'scripts', 'tools', 'infra', 'apps'];
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  '.serverless',
  '.esbuild',
  'coverage',
  '.local',
  'test',
  'tests',
]);
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    // Build output (.esbuild-offline-*, .serverless) and tool state live in dot folders.
    if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) sourceFiles(full, out);
    else if (SOURCE.test(name) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(name) && !name.endsWith('.d.ts'))
      out.push(full);
  }
  return out;
}

const files = SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d))).map((f) => ({
  file: path.relative(ROOT, f),
  text: readFileSync(f, 'utf8'),
}));

/** Files (relative paths) containing `needle`, outside the allowed prefixes. */
function offenders(needle: RegExp, allowed: string[]): string[] {
  return files
    .filter(({ file, text }) => needle.test(text) && !allowed.some((a) => file === a || file.startsWith(a)))
    .map(({ file }) => file)
    .sort();
}

/**
 * The owning module of each item type of the single table (docs/data-model.md "Owners"). Only these
 * build DynamoDB commands; everything else calls their functions.
 */
const TABLE_OWNERS = [
  'packages/common/src/db/', // rate limits, idempotency records, the client and cursor helpers
  'packages/common/src/users/', // USER#, EMAIL#, PSID#
  'packages/common/src/sessions/', // SESSION#
  'packages/common/src/otp/', // OTP#
  'packages/common/src/booking/', // CATALOG, APPT#, BLOCK#, IDEMP#
  'packages/common/src/audit/', // AUDIT
  'packages/common/src/analytics/', // EVT#, the table's stream
  'packages/common/src/messenger/log.ts', // MSGLOG#
  'packages/common/src/conversation/', // CONV#, DEDUP#, REMINDER#
  'packages/common/src/reports/', // AQ#, AQC# (admin analytics query state)
  'scripts/lib/', // creates the local table (DynamoDB Local)
  'scripts/measure-dynamodb-jvm.mjs', // its own throwaway table in its own DynamoDB Local (JVM CPU)
  'infra/', // CloudFormation property and output names, not commands
];

describe('the architecture rules', () => {
  it('It should scan the source tree (a broken walk would make every rule pass)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.file === 'packages/common/src/db/index.ts')).toBe(true);
  });

  it('It should build DynamoDB commands (TableName) only in the owning modules', () => {
    expect(offenders(/\bTableName\b/, TABLE_OWNERS)).toEqual([]);
  });

  it('It should register no error codes at import time (one ERROR_CODES table)', () => {
    expect(offenders(/\bregisterErrorCodes\b/, [])).toEqual([]);
  });

  it('It should construct a Powertools Logger only in the logging module', () => {
    expect(offenders(/\bnew Logger\(/, ['packages/common/src/logging/'])).toEqual([]);
  });
});
