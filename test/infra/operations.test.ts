import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * What the ops plugin (infra/serverless-ops.cjs) adds only when asked: the alarm email
 * subscription, the custom domain, and the dev stage's settings (no WAF, short retention, DEBUG).
 * The prod templates (alarms, X-Ray, WAF, SSM) are checked in cloudformation.test.ts. Packages into
 * a temporary folder (never `.serverless/`), with no AWS credentials.
 */
const ROOT = path.resolve(__dirname, '../..');
const OPS_PARAMS = [
  'alarmEmail=ops@example.com',
  'domainName=api.example.com',
  'hostedZoneId=Z0123456789ABC',
];

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource>; Outputs?: Record<string, unknown> };

const out = mkdtempSync(path.join(tmpdir(), 'bookingbot-ops-'));
let data: Template;
let webhookDev: Template;

function packageService(service: string, stage: string, params: string[]): Promise<Template> {
  const target = path.join(out, `${service}-${stage}`);
  const args = ['package', '--stage', stage, '--package', target, ...params.flatMap((p) => ['--param', p])];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/serverless'), args, {
      cwd: path.join(ROOT, 'services', service),
      // No stdin: Serverless would wait on an open pipe for interactive input.
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ESBUILD_WORK_FOLDER: path.join(target, '.esbuild') },
    });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`package ${service} (${stage}) failed:\n${log}`));
      resolve(
        JSON.parse(readFileSync(path.join(target, 'cloudformation-template-update-stack.json'), 'utf8')),
      );
    });
  });
}

beforeAll(async () => {
  data = await packageService('data', 'prod', OPS_PARAMS);
  webhookDev = await packageService('messenger-webhook', 'dev', OPS_PARAMS);
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const ofType = (t: Template, type: string) =>
  Object.entries(t.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([, r]) => r.Properties);

describe('the alarm topic with an alarm email', () => {
  it('It should subscribe the email to the topic of the data stack', () => {
    expect(ofType(data, 'AWS::SNS::Subscription')).toEqual([
      { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: 'ops@example.com' },
    ]);
  });
});

describe('the messenger-webhook stack in dev with a custom domain', () => {
  const host = 'messenger-webhook.api.example.com';

  it('It should serve the API on <service>.<domainName> with a DNS-validated certificate', () => {
    expect(ofType(webhookDev, 'AWS::CertificateManager::Certificate')).toEqual([
      {
        DomainName: host,
        ValidationMethod: 'DNS',
        DomainValidationOptions: [{ DomainName: host, HostedZoneId: 'Z0123456789ABC' }],
      },
    ]);
    expect(ofType(webhookDev, 'AWS::ApiGateway::DomainName')[0]).toMatchObject({
      DomainName: host,
      SecurityPolicy: 'TLS_1_2',
      EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    expect(ofType(webhookDev, 'AWS::ApiGateway::BasePathMapping')[0]).toMatchObject({ Stage: 'dev' });
    expect(ofType(webhookDev, 'AWS::Route53::RecordSet')[0]).toMatchObject({ Name: host, Type: 'A' });
    expect(ofType(webhookDev, 'AWS::SSM::Parameter').map((p) => p.Name)).toContain(
      '/bookingbot/dev/messenger-webhook/custom-domain-url',
    );
  });

  it('It should have no WAF, a week of logs and DEBUG logging in dev', () => {
    expect(ofType(webhookDev, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    expect(ofType(webhookDev, 'AWS::WAFv2::WebACLAssociation')).toHaveLength(0);
    const groups = ofType(webhookDev, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const lg of groups) expect(lg.RetentionInDays).toBe(7);
    for (const fn of ofType(webhookDev, 'AWS::Lambda::Function'))
      expect((fn.Environment as { Variables: Record<string, string> }).Variables.LOG_LEVEL).toBe('DEBUG');
  });

  it('It should point the dev alarms at the dev topic', () => {
    const alarms = ofType(webhookDev, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms)
      expect(a.AlarmActions).toEqual([{ 'Fn::ImportValue': 'bookingbot-dev-AlarmTopicArn' }]);
  });
});
