import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { METRIC, METRICS_NAMESPACE } from '@bookingbot/common/metrics';
import { ROUTES, TABLES } from '../routes';

/**
 * Packages every service (no AWS credentials) and checks the generated
 * CloudFormation: least-privilege roles per function, authorizers on non-public routes, the
 * throttle of every method, log retention and the runtime.
 */
const ROOT = path.resolve(__dirname, '../..');
const API_SERVICES = ['auth-otp', 'messenger-webhook', 'user-api', 'admin-api'] as const;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown };
type Template = { Resources: Record<string, Resource> };

const templates: Record<string, Template> = {};

/** Packages one service into its own folder (never `.serverless/`, which a dev or test stack may be using). */
function packageService(svc: string, outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      path.join(ROOT, 'node_modules/.bin/serverless'),
      ['package', '--stage', 'prod', '--package', outDir],
      {
        cwd: path.join(ROOT, 'services', svc),
        // A work folder of its own (relative to the service) so a running stack's bundles stay put.
        env: { ...process.env, ESBUILD_WORK_FOLDER: `.esbuild-cfn-${process.pid}` },
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${svc}: serverless package failed:\n${output}`)),
    );
  });
}

beforeAll(async () => {
  // Each service packaged on its own, in parallel, into a private folder: the same CloudFormation
  // compose would produce (compose only orders deploys; nothing resolves across stacks at package time).
  const out = mkdtempSync(path.join(tmpdir(), 'bookingbot-cfn-'));
  const services = [...API_SERVICES, 'data'];
  await Promise.all(services.map((svc) => packageService(svc, path.join(out, svc))));
  for (const svc of services)
    templates[svc] = JSON.parse(
      readFileSync(path.join(out, svc, 'cloudformation-template-update-stack.json'), 'utf8'),
    );
}, 900_000);

afterAll(() => {
  for (const svc of [...API_SERVICES, 'data'])
    rmSync(path.join(ROOT, 'services', svc, `.esbuild-cfn-${process.pid}`), { recursive: true, force: true });
});

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

  it('It should throttle every method at the limit its route table gives it (no decorative usage plan)', () => {
    const t = templates[svc] as Template;
    const table = TABLES.find((x) => x.service === svc);
    if (!table) throw new Error(`${svc} has no route table`);
    expect(ofType(t, 'AWS::ApiGateway::UsagePlan')).toEqual([]);
    const deployment = ofType(t, 'AWS::ApiGateway::Deployment')[0]?.[1];
    if (!deployment) throw new Error(`${svc} has no API deployment`);
    type Setting = {
      ResourcePath: string;
      HttpMethod: string;
      ThrottlingRateLimit: number;
      ThrottlingBurstLimit: number;
    };
    const settings = (deployment.Properties.StageDescription as { MethodSettings: Setting[] }).MethodSettings;
    // API Gateway's rule: a method's own setting wins over the stage-wide `/*` `*` one.
    const effective = (method: string, p: string) => {
      const own = settings.find(
        (m) => m.HttpMethod === method && m.ResourcePath === `/${p.replaceAll('/', '~1')}`,
      );
      const s = own ?? settings.find((m) => m.ResourcePath === '/*' && m.HttpMethod === '*');
      return s && { rate: s.ThrottlingRateLimit, burst: s.ThrottlingBurstLimit };
    };
    const packaged = ofType(t, 'AWS::ApiGateway::Method').filter(
      ([, m]) => m.Properties.HttpMethod !== 'OPTIONS',
    );
    expect(packaged.length).toBe(table.routes.length);
    for (const [, m] of packaged) {
      const [method, p] = routeOf(t, m).split(' ') as [string, string];
      const r = table.routes.find((x) => x.method === method && x.path === p);
      expect(`${method} ${p} ${JSON.stringify(effective(method, p))}`).toBe(
        `${method} ${p} ${JSON.stringify(r?.throttle ?? table.throttle)}`,
      );
    }
    // Every limit is a real number of requests per second, and sign-in routes are tighter than reads.
    for (const s of settings) expect(s.ThrottlingRateLimit).toBeGreaterThan(0);
    if (svc === 'auth-otp')
      for (const p of ['/auth/otp/request', '/auth/otp/verify'])
        expect(effective('POST', p)?.rate).toBeLessThan(effective('GET', '/auth/sessions')?.rate ?? 0);
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

// ── The operations layer (infra/serverless-ops.cjs) in the prod templates: alarms → the one topic,
// X-Ray, WAF (on in prod), retention, outputs in SSM. Custom domain and dev: operations.test.ts. ──
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; these assertions are its schema
type Cfn = any;
const alarmsOf = (t: Template) =>
  ofType(t, 'AWS::CloudWatch::Alarm').map(([id, r]) => ({ id, ...(r.Properties as Cfn) }));
const ssmNames = (t: Template) => ofType(t, 'AWS::SSM::Parameter').map(([, p]) => (p.Properties as Cfn).Name);

describe.each(API_SERVICES)('the operations layer of %s in prod', (svc) => {
  const t = () => templates[svc] as Template;

  it('It should alarm on errors and throttles of every function and on the API 5xx rate', () => {
    const ids = new Set(alarmsOf(t()).map((a) => a.id));
    for (const [fnId] of ofType(t(), 'AWS::Lambda::Function')) {
      const base = fnId.replace(/LambdaFunction$/, '');
      expect(ids).toContain(`${base}ErrorsAlarm`);
      expect(ids).toContain(`${base}ThrottlesAlarm`);
    }
    const rate = alarmsOf(t()).find((a) => a.id === 'Api5xxRateAlarm');
    expect(
      rate?.Metrics.filter((m: Cfn) => m.MetricStat).map((m: Cfn) => m.MetricStat.Metric.MetricName),
    ).toEqual(['5XXError', 'Count']);
  });

  it('It should send every alarm to the one topic of the stage, with its runbook', () => {
    for (const a of alarmsOf(t())) {
      expect(a.AlarmActions).toEqual([{ 'Fn::ImportValue': 'bookingbot-prod-AlarmTopicArn' }]);
      expect(a.AlarmDescription).toMatch(/Runbook: docs\/operations\.md#(alarm-|respond-to-an-alarm)/);
    }
  });

  it('It should trace every function and the API stage, with X-Ray write permission on each role', () => {
    for (const [, fn] of ofType(t(), 'AWS::Lambda::Function')) {
      const props = fn.Properties as Cfn;
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      const role = t().Resources[props.Role['Fn::GetAtt'][0]]?.Properties as Cfn;
      const actions = role.Policies.flatMap((p: Cfn) => p.PolicyDocument.Statement).flatMap((st: Cfn) =>
        [].concat(st.Action),
      );
      expect(actions).toEqual(expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
    }
    const [[, deployment] = []] = ofType(t(), 'AWS::ApiGateway::Deployment');
    expect(deployment?.Properties.StageDescription).toMatchObject({
      TracingEnabled: true,
      DataTraceEnabled: false,
    });
  });

  it('It should associate the WAF web ACL (managed common rules, IP rate rule) with the prod stage', () => {
    const [[, acl] = []] = ofType(t(), 'AWS::WAFv2::WebACL');
    const rules = JSON.stringify(acl?.Properties.Rules);
    expect(rules).toContain('AWSManagedRulesCommonRuleSet');
    expect(rules).toContain('RateBasedStatement');
    const [[, association] = []] = ofType(t(), 'AWS::WAFv2::WebACLAssociation');
    expect((association?.Properties.ResourceArn as Cfn)?.['Fn::Sub']).toMatch(
      /:\/restapis\/\$\{ApiGatewayRestApi\}\/stages\/prod$/,
    );
  });

  it('It should keep prod logs 90 days and store the API URL in SSM', () => {
    for (const [, lg] of ofType(t(), 'AWS::Logs::LogGroup')) expect(lg.Properties.RetentionInDays).toBe(90);
    expect(ssmNames(t())).toContain(`/bookingbot/prod/${svc}/api-url`);
  });

  it('It should only alarm on custom metrics that the common metrics module names', () => {
    const names = new Set<string>(Object.values(METRIC));
    for (const a of alarmsOf(t()).filter((x) => x.Namespace === METRICS_NAMESPACE))
      expect(`${a.id}: ${names.has(a.MetricName)}`).toBe(`${a.id}: true`);
  });
});

describe('the operations layer of messenger-webhook and auth-otp in prod', () => {
  it('It should alarm on webhook p99 latency, dead-letter depth and an expired Page token', () => {
    const all = alarmsOf(templates['messenger-webhook'] as Template);
    expect(all.find((a) => a.id === 'WebhookLatencyP99Alarm')).toMatchObject({ ExtendedStatistic: 'p99' });
    const dlq = all.filter(
      (a) => a.Namespace === 'AWS/SQS' && a.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(dlq.length).toBeGreaterThanOrEqual(1);
    for (const a of dlq)
      expect(a).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    // The Page token alarm: on SendApiErrors{code=190}, or the service's own PageTokenInvalid metric.
    const token = all.filter(
      (a) =>
        a.MetricName === 'PageTokenInvalid' ||
        (a.MetricName === 'SendApiErrors' && a.Dimensions.some((d: Cfn) => d.Value === '190')),
    );
    expect(token).toHaveLength(1);
    expect(ssmNames(templates['messenger-webhook'] as Template)).toContain(
      '/bookingbot/prod/messenger-webhook/webhook-url',
    );
  });

  it('It should exempt the webhook from the WAF rate rule and only count the body rules there', () => {
    const [[, acl] = []] = ofType(templates['messenger-webhook'] as Template, 'AWS::WAFv2::WebACL');
    const rules = acl?.Properties.Rules as Cfn[];
    const rate = rules.find((r) => r.Statement.RateBasedStatement).Statement.RateBasedStatement;
    expect(rate.ScopeDownStatement.NotStatement.Statement.ByteMatchStatement).toMatchObject({
      PositionalConstraint: 'ENDS_WITH',
      SearchString: '/webhook',
    });
    const overrides = rules.find((r) => r.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).Statement
      .ManagedRuleGroupStatement.RuleActionOverrides as Cfn[];
    expect(overrides.map((o) => o.Name)).toEqual(
      expect.arrayContaining(['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']),
    );
    for (const o of overrides) expect(o.ActionToUse).toEqual({ Count: {} });
  });

  it('It should alarm on a spike of OTP lockouts', () => {
    const lockout = alarmsOf(templates['auth-otp'] as Template).find((a) => a.id === 'OtpLockoutSpikeAlarm');
    expect(lockout).toMatchObject({ Namespace: METRICS_NAMESPACE, MetricName: METRIC.otpLocked });
    expect(lockout?.Dimensions).toEqual([{ Name: 'service', Value: 'bookingbot-auth-otp' }]);
  });

  it('It should give the data stack the exported alarm topic and the table and bucket names in SSM', () => {
    const data = templates.data as Template & { Outputs: Record<string, Cfn> };
    expect(ofType(data, 'AWS::SNS::Topic')).toHaveLength(1);
    expect(data.Outputs.AlarmTopicArn.Export).toEqual({ Name: 'bookingbot-prod-AlarmTopicArn' });
    expect(ssmNames(data)).toEqual(
      expect.arrayContaining(['/bookingbot/prod/data/table-name', '/bookingbot/prod/data/event-bucket-name']),
    );
  });
});

describe.each(['user-api', 'admin-api'])('the %s authorizer', (svc) => {
  it('It should verify with the JWKS URL of the auth stack, resolved from SSM at deploy time', () => {
    const fn = (templates[svc] as Template).Resources.AuthorizerLambdaFunction as Resource;
    const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.JWT_JWKS_URL).toBe('{{resolve:ssm:/bookingbot/prod/auth-otp/api-url}}/.well-known/jwks.json');
  });
});

describe.each(API_SERVICES)('the %s gateway responses', (svc) => {
  it("It should answer API Gateway's own refusals (authorizer, throttling, unknown route) as problem+json", () => {
    const t = templates[svc] as Template;
    const responses = ofType(t, 'AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties);
    expect(responses.map((r) => r.ResponseType).sort()).toEqual([
      'ACCESS_DENIED',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'INTEGRATION_TIMEOUT',
      'QUOTA_EXCEEDED',
      'THROTTLED',
      'UNAUTHORIZED',
    ]);
    for (const r of responses) {
      expect(r.ResponseParameters).toEqual({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
      });
      const body = (r.ResponseTemplates as Record<string, string>)['application/json'] ?? '';
      // API Gateway substitutes the quoted message; with a stand-in the template is plain JSON.
      const problem = JSON.parse(body.replace('$context.error.messageString', '"refused"'));
      expect(problem).toMatchObject({
        code: expect.any(String),
        title: expect.any(String),
        detail: 'refused',
      });
    }
  });
});
