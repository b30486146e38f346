import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The post-deploy smoke test (scripts/smoke.mjs, run by .github/workflows/smoke.yml) against the
 * local stack: `--stage local` takes the URLs and the verify token from the stack's environment and
 * keeps the smoke account's rotating refresh token in a file instead of SSM.
 */
const ROOT = path.resolve(__dirname, '../..');
const tokenFile = path.join(mkdtempSync(path.join(tmpdir(), 'smoke-')), 'refresh-token');

function smoke(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync('node', ['scripts/smoke.mjs', '--stage', 'local', '--token-file', tokenFile, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
type Report = { ok: boolean; checks: { name: string; ok: boolean; detail?: string; fix?: string }[] };

describe('npm run smoke -- --stage local', () => {
  beforeAll(() => {
    const enrolled = smoke(['--enroll', `smoke-${Date.now()}@example.com`]);
    expect(`${enrolled.status} ${enrolled.stderr}`).toBe('0 ');
  }, 60_000);

  it('It should pass every check and rotate the stored refresh token', () => {
    // Arrange
    const before = readFileSync(tokenFile, 'utf8');

    // Act
    const run = smoke(['--json']);

    // Assert
    const report = JSON.parse(run.stdout) as Report;
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'auth-otp publishes a signing key (JWKS)',
        'messenger-webhook verify handshake',
        'one authorized read (smoke account: refresh → GET /me)',
      ]),
    );
    expect(run.status).toBe(0);
    const after = readFileSync(tokenFile, 'utf8');
    expect(after).not.toBe(before);
    // Nothing secret on stdout: neither token appears.
    expect(run.stdout).not.toContain(before.trim());
    expect(run.stdout).not.toContain(after.trim());
  }, 60_000);

  it('It should fail naming the handshake when the verify token is not the stage one', () => {
    const run = smoke(['--json'], { MESSENGER_VERIFY_TOKEN: 'not-the-configured-token' });
    const report = JSON.parse(run.stdout) as Report;
    expect(run.status).toBe(1);
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
      'messenger-webhook verify handshake',
    ]);
  }, 60_000);

  it('It should fail the authorized read, with the fix, when the stored token is not a live refresh token', () => {
    // Arrange: a token the auth service never issued (a revoked or long-spent one looks the same)
    const other = path.join(path.dirname(tokenFile), 'dead');
    writeFileSync(other, 'not-a-live-refresh-token');

    // Act
    const r = spawnSync('node', ['scripts/smoke.mjs', '--stage', 'local', '--token-file', other], {
      cwd: ROOT,
      env: process.env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assert
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ one authorized read .*refresh answered 401/);
    expect(r.stdout).toContain('--enroll');
  }, 60_000);
});
