import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { placeholderReason, ssmParameters } from '../../scripts/lib/doctor/aws.mjs';
import { REQUIRED_FIELDS } from '../../scripts/lib/doctor/messenger.mjs';
import { fail, SECTIONS } from '../../scripts/lib/doctor/report.mjs';
import { SUBSCRIBED_FIELDS } from '../../services/messenger-webhook/src/scripts/setup';

/**
 * docs/go-live.md is a walk-through: every command in its ```bash blocks must exist and run with
 * `--help`, every `npm run` it mentions must be a script, and every section the doctor links to
 * must exist. The doctor and messenger:setup agree on the webhook fields.
 */
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const doc = readFileSync(path.join(ROOT, 'docs/go-live.md'), 'utf8');
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

/** Command lines of the bash blocks, without leading `NAME=value` assignments; `export` lines skipped. */
function bashCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('export '))
    .map((l) => l.replace(/^(?:[A-Z_][A-Z0-9_]*=(?:"[^"]*"|'[^']*'|\S+)\s+)+/, ''));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchors = new Set(
  [...doc.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
    (m[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} -]/gu, '')
      .replace(/ /g, '-'),
  ),
);

const commands = bashCommands(doc);
const helpRuns = [...new Set(commands.map((c) => /^npm run (\S+)/.exec(c)?.[1] ?? c))];

describe('docs/go-live.md', () => {
  it('It should contain only npm run commands in its bash blocks, each an existing script', () => {
    // Assert
    expect(commands.length).toBeGreaterThanOrEqual(10);
    for (const c of commands) expect(c).toMatch(/^npm run [\w:-]+( -- .*)?$/);
    for (const name of helpRuns) expect(scripts).toContain(name);
  });

  it('It should mention only existing npm scripts in its prose', () => {
    // Arrange
    const mentioned = [...new Set([...doc.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string))];

    // Assert
    expect(mentioned.filter((m) => !scripts.includes(m))).toEqual([]);
  });

  it.each(helpRuns)(
    'It should run `npm run %s -- --help` and print its usage',
    async (name) => {
      // Act
      const { stdout } = await run('npm', ['run', '--silent', name, '--', '--help'], {
        cwd: ROOT,
        timeout: 90_000,
      });

      // Assert: exit 0 (run() throws otherwise) and a usage line naming the command
      expect(stdout).toMatch(new RegExp(`usage: npm run ${name}`));
    },
    120_000,
  );

  it('It should have every section the doctor links to', () => {
    // Assert: fail() refuses any anchor outside SECTIONS, so this covers every link it prints
    expect(SECTIONS.filter((a) => !anchors.has(a))).toEqual([]);
    expect(() => fail('x', 'x', 'x', 'x', 'no-such-section')).toThrow(/no go-live section/);
  });
});

describe('the doctor', () => {
  it('It should require exactly the webhook fields messenger:setup subscribes', () => {
    expect(REQUIRED_FIELDS).toEqual(SUBSCRIBED_FIELDS);
  });

  it('It should check every SSM parameter the services declare in their serverless.yml', () => {
    // Arrange: `/bookingbot/${sls:stage}/<area>/<name>` parameter names in the service files
    const declared = new Set(
      ['auth-otp', 'messenger-webhook', 'user-api', 'admin-api'].flatMap((svc) =>
        [
          ...readFileSync(path.join(ROOT, 'services', svc, 'serverless.yml'), 'utf8').matchAll(
            /Param: \/bookingbot\/\$\{sls:stage\}\/([a-z-]+\/[a-z-]+)/g,
          ),
        ].map((m) => m[1] as string),
      ),
    );
    const checked = ssmParameters('prod').map((p) => p.name.replace('/bookingbot/prod/', ''));

    // Assert
    expect(declared.size).toBeGreaterThan(0);
    expect([...declared].filter((d) => !checked.includes(d))).toEqual([]);
  });

  it.each([
    ['…', true, 'a placeholder'],
    ['<page token>', true, 'a placeholder'],
    ['changeme', true, 'a placeholder'],
    ['local-dev-app-secret-change-me', true, 'a development default'],
    ['abc123', true, 'too short for a secret (6 characters)'],
    ['', true, 'empty'],
  ])('It should call the value %j a placeholder', (value, secure, reason) => {
    expect(placeholderReason('/bookingbot/prod/messenger/app-secret', value, secure)).toBe(reason);
  });

  it('It should accept real-looking values and check the Page id and the key set', () => {
    expect(
      placeholderReason('/bookingbot/prod/messenger/app-secret', 'a3f9c0d1e2b34f5a6978c0d1e2f3a4b5', true),
    ).toBe(undefined);
    expect(placeholderReason('/bookingbot/prod/messenger/page-id', '104582931234567', false)).toBe(undefined);
    expect(placeholderReason('/bookingbot/prod/messenger/page-id', 'my-page', false)).toBe(
      'not a numeric Page id',
    );
    expect(
      placeholderReason('/bookingbot/prod/auth/jwt-private-jwks', '{"nokeys":"xxxxxxxxxxxxxxxx"}', true),
    ).toBe('not a JWKS (no keys)');
  });
});
