import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROUTES } from '../routes';

/**
 * Packages every service through compose (no AWS credentials) and checks the generated
 * CloudFormation: least-privilege roles per function, authorizers on non-public routes, usage
 * plans, log retention and the runtime.
 */
const ROOT = path.resolve(__dirname, '../..');
const API_SERVICES = ['auth-otp', 'messenger-webhook', 'user-api', 'admin-api'] as const;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown };
type Template = { Resources: Record<string, Resource> };

const templates: Record<string, Template> = {};

beforeAll(() => {
  const r = spawnSync(path.join(ROOT, 'node_modules/.bin/osls-compose'), ['package', '--stage', 'prod'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` },
  });
  if (r.status !== 0) throw new Error(`compose package failed:\n${r.stdout}\n${r.stderr}`);
  for (const svc of [...API_SERVICES, 'data']) {
    templates[svc] = JSON.parse(
      readFileSync(
        path.join(ROOT, 'services', svc, '.serverless/cloudformation-template-update-stack.json'),
        'utf8',
      ),
    );
  }
}, 240_000);

const ofType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** The route of an AWS::ApiGateway::Method as `METHOD /path`, rebuilt from its resource chain. */
function routeOf(t: Template, method: Resource): string {
  const parts: string[] = [];
  let ref = (method.Properties.ResourceId as { Ref?: string }).Ref;
  while (ref) {
    const res = t.Resources[ref];
    if (!res) break;
    parts.unshift(String(res.Properties.PathPart));
    ref = (res.Properties.ParentId as { Ref?: string }).Ref;
  }
  return `${method.Properties.HttpMethod} /${parts.join('/')}`;
}

describe.each(API_SERVICES)('the %s CloudFormation template', (svc) => {
  it('It should give every function its own role', () => {
    const t = templates[svc] as Template;
    const fns = ofType(t, 'AWS::Lambda::Function');
    expect(fns.length).toBeGreaterThan(0);
    const roles = fns.map(([, f]) => JSON.stringify(f.Properties.Role));
    expect(new Set(roles).size).toBe(fns.length);
    for (const [, f] of fns)
      expect(JSON.stringify(f.Properties.Role)).not.toContain('"IamRoleLambdaExecution"');
  });

  it('It should grant no wildcard action and scope resources (X-Ray excepted, it has no resource ARNs)', () => {
    const t = templates[svc] as Template;
    for (const [name, role] of ofType(t, 'AWS::IAM::Role')) {
      const policies = (role.Properties.Policies ?? []) as {
        PolicyDocument: { Statement: Record<string, unknown>[] };
      }[];
      for (const statement of policies.flatMap((p) => p.PolicyDocument.Statement)) {
        const actions = ([] as unknown[]).concat(statement.Action);
        for (const a of actions) expect(`${name}: ${String(a)}`).not.toMatch(/(^|:)\*$|: \*$/);
        const resources = ([] as unknown[]).concat(statement.Resource);
        const xrayOnly = actions.every((a) => String(a).startsWith('xray:'));
        if (!xrayOnly)
          for (const r of resources) expect(`${name}: ${JSON.stringify(r)}`).not.toBe(`${name}: "*"`);
      }
    }
  });

  it('It should package exactly the routes of the route table, with the authorizer on every non-public one', () => {
    const t = templates[svc] as Template;
    const packaged = ofType(t, 'AWS::ApiGateway::Method')
      .filter(([, m]) => m.Properties.HttpMethod !== 'OPTIONS')
      .map(([, m]) => `${routeOf(t, m)} ${m.Properties.AuthorizationType}`)
      .sort();
    const expected = ROUTES.filter((r) => r.service === svc)
      .map((r) => `${r.method} ${r.path} ${r.access === 'public' ? 'NONE' : 'CUSTOM'}`)
      .sort();
    expect(packaged).toEqual(expected);
  });

  it('It should declare a usage plan with throttling and a quota', () => {
    const plans = ofType(templates[svc] as Template, 'AWS::ApiGateway::UsagePlan');
    expect(plans).toHaveLength(1);
    const plan = plans[0]?.[1].Properties as { Throttle: object; Quota: object };
    expect(plan.Throttle).toMatchObject({ RateLimit: expect.any(Number), BurstLimit: expect.any(Number) });
    expect(plan.Quota).toMatchObject({ Limit: expect.any(Number), Period: 'DAY' });
  });

  it('It should set retention on every log group and run on nodejs22.x or newer', () => {
    const t = templates[svc] as Template;
    for (const [, lg] of ofType(t, 'AWS::Logs::LogGroup'))
      expect(lg.Properties.RetentionInDays).toBeGreaterThan(0);
    for (const [, f] of ofType(t, 'AWS::Lambda::Function')) {
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(f.Properties.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
    }
  });
});

describe('the data stack template', () => {
  it('It should declare the table on demand, with PITR, encryption, TTL and deletion protection outside dev', () => {
    const [, table] = ofType(templates.data as Template, 'AWS::DynamoDB::Table')[0] ?? [];
    expect(table?.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      DeletionProtectionEnabled: { 'Fn::If': ['IsEphemeral', false, true] },
    });
  });
});
