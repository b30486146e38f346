import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The docs' walk-throughs run as pasted. Every fenced `bash` block that follows a
 * `<!-- walkthrough -->` line in docs/*.md runs here, whole, in one `bash -euo pipefail` against the
 * test stack — from the repository root, with only the README's prerequisites (Node, curl) and the
 * stack's own environment (AUTH_URL, USER_API_URL, ADMIN_API_URL, SES_PORT…, which the blocks read
 * with the `npm run dev` ports as defaults). Must-succeed calls in the docs use
 * `curl --fail-with-body`, so any non-2xx answer fails the block; `EMAIL` is the one knob the docs
 * offer, set here so parallel suites never share a sign-in address.
 */
const ROOT = path.resolve(__dirname, '../..');
const DOCS = path.join(ROOT, 'docs');
const MARKER = /<!-- walkthrough -->\s*\n```bash\n([\s\S]*?)\n```/g;
/** An address of ADMIN_EMAILS that no other suite signs in with (scripts/test.mjs adds it). */
const DOCS_ADMIN = 'walkthrough-admin@example.com';

const walkthroughs = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap((file) =>
    [...readFileSync(path.join(DOCS, file), 'utf8').matchAll(MARKER)].map((m, i) => ({
      name: `${file}#${i + 1}`,
      file,
      script: m[1] as string,
    })),
  );

describe('the docs walk-throughs', () => {
  it('It should find the walk-throughs of auth, booking and admin', () => {
    for (const doc of ['auth.md', 'booking.md', 'admin.md'])
      expect(walkthroughs.map((w) => w.file)).toContain(doc);
  });

  it('It should use nothing beyond the README prerequisites (no jq, uuidgen, GNU date or hard-coded code)', () => {
    for (const w of walkthroughs) {
      expect(`${w.name}: ${/\bjq\b|\buuidgen\b|\bdate -d\b|"code":"\d{6}"/.test(w.script)}`).toBe(
        `${w.name}: false`,
      );
    }
  });

  it.each(walkthroughs.map((w) => [w.name, w] as const))(
    'It should run %s as pasted against the local stack',
    (_name, w) => {
      // Arrange
      const admin = w.file === 'admin.md';
      if (admin)
        expect((process.env.ADMIN_EMAILS ?? '').split(',').map((s) => s.trim())).toContain(DOCS_ADMIN);
      const email = admin ? DOCS_ADMIN : `walk-${w.file.replace('.md', '')}-${Date.now()}@example.com`;

      // Act
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', w.script], {
        cwd: ROOT,
        env: { ...process.env, EMAIL: email },
        encoding: 'utf8',
        timeout: 120_000,
      });

      // Assert
      const output = `--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
      expect(`${w.name} exited ${run.status}\n${output}`).toBe(`${w.name} exited 0\n${output}`);
      expect(run.stdout).not.toMatch(/"status":\s*5\d\d/);
    },
    150_000,
  );
});
