import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The edge stack (services/edge): packaged with no AWS credentials into a temporary folder, once
 * per stage (and once with a custom domain), and its CloudFormation checked: a private bucket read
 * only through Origin Access Control, every API behaviour uncached and forwarding Authorization,
 * the SPA fallback only on the app paths, the security headers, WAF on the distribution in prod.
 * The template's conditions are evaluated with the parameter defaults the stage packaged, so "in
 * prod only" is checked as CloudFormation would decide it.
 */
const ROOT = path.resolve(__dirname, '../..');

// AWS-managed policy IDs (the same in every account), named as in the CloudFront console.
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is untyped; these assertions are its schema
type Cfn = any;
type Resource = { Type: string; Condition?: string; Properties: Cfn };
type Template = {
  Parameters: Record<string, { Type: string; Default?: string }>;
  Conditions: Record<string, Cfn>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Value: Cfn }>;
};
type Packaged = { template: Template; region: string };

const out = mkdtempSync(path.join(tmpdir(), 'bookingbot-edge-'));
let prod: Packaged;
let dev: Packaged;
let withDomain: Packaged;

function packageEdge(name: string, stage: string, params: string[] = []): Promise<Packaged> {
  const target = path.join(out, name);
  const args = ['package', '--stage', stage, '--package', target, ...params.flatMap((p) => ['--param', p])];
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/serverless'), args, {
      cwd: path.join(ROOT, 'services/edge'),
      // No stdin: Serverless would wait on an open pipe for interactive input.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => {
      log += d;
    });
    child.stderr.on('data', (d) => {
      log += d;
    });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`package edge (${stage}) failed:\n${log}`));
      const read = (file: string) => JSON.parse(readFileSync(path.join(target, file), 'utf8'));
      resolve({
        template: read('cloudformation-template-update-stack.json'),
        region: read('serverless-state.json').service.provider.region,
      });
    });
  });
}

beforeAll(async () => {
  // One after the other: the machine is shared, and each run takes a few seconds.
  prod = await packageEdge('prod', 'prod');
  dev = await packageEdge('dev', 'dev');
  withDomain = await packageEdge('domain', 'dev', [
    'siteDomainName=app.example.com',
    'hostedZoneId=Z0123456789ABC',
  ]);
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A condition's value with every parameter at its packaged default, as CloudFormation decides it. */
function evaluate(t: Template, expr: Cfn): unknown {
  if (Array.isArray(expr) || typeof expr !== 'object' || expr === null) return expr;
  if ('Ref' in expr) return t.Parameters[expr.Ref]?.Default;
  if ('Condition' in expr) return evaluate(t, t.Conditions[expr.Condition]);
  if ('Fn::Equals' in expr) {
    const [a, b] = expr['Fn::Equals'];
    return String(evaluate(t, a)) === String(evaluate(t, b));
  }
  if ('Fn::Not' in expr) return !evaluate(t, expr['Fn::Not'][0]);
  if ('Fn::And' in expr) return expr['Fn::And'].every((e: Cfn) => evaluate(t, e) === true);
  if ('Fn::Or' in expr) return expr['Fn::Or'].some((e: Cfn) => evaluate(t, e) === true);
  throw new Error(`condition function not handled: ${JSON.stringify(expr)}`);
}
const isTrue = (t: Template, condition: string) => evaluate(t, t.Conditions[condition]) === true;

/** The resources CloudFormation would create with the defaults (conditions applied). */
const created = (t: Template, type: string) =>
  Object.entries(t.Resources).filter(
    ([, r]) => r.Type === type && (r.Condition === undefined || isTrue(t, r.Condition)),
  );

const distribution = (t: Template) => t.Resources.Distribution?.Properties.DistributionConfig as Cfn;
const behaviours = (t: Template): Cfn[] => [
  { PathPattern: '(default)', ...distribution(t).DefaultCacheBehavior },
  ...distribution(t).CacheBehaviors,
];
const behaviour = (t: Template, pattern: string) => behaviours(t).find((b) => b.PathPattern === pattern);
const functionsOf = (b: Cfn): string[] =>
  (b.FunctionAssociations ?? []).map((f: Cfn) => `${f.EventType} ${f.FunctionARN['Fn::GetAtt'][0]}`);

const API_BEHAVIOURS = [
  { pattern: '/auth/*', origin: 'auth-otp', parameter: 'AuthOtpApiUrl', ssm: 'auth-otp' },
  { pattern: '/api/*', origin: 'user-api', parameter: 'UserApiUrl', ssm: 'user-api' },
  { pattern: '/admin/*', origin: 'admin-api', parameter: 'AdminApiUrl', ssm: 'admin-api' },
  {
    pattern: '/webhook',
    origin: 'messenger-webhook',
    parameter: 'MessengerWebhookApiUrl',
    ssm: 'messenger-webhook',
  },
];
const APP_PATTERNS = ['(default)', '/book*', '/console*'];

describe('the app bucket', () => {
  it('It should block every kind of public access and disable ACLs', () => {
    const [[, bucket] = []] = created(prod.template, 'AWS::S3::Bucket').filter(([id]) => id === 'AppBucket');
    expect(bucket?.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('It should be the app origin through Origin Access Control (SigV4, always signed), not a legacy identity', () => {
    const app = distribution(prod.template).Origins.find((o: Cfn) => o.Id === 'app');
    expect(app.DomainName).toEqual({ 'Fn::GetAtt': ['AppBucket', 'RegionalDomainName'] });
    expect(app.OriginAccessControlId).toEqual({ 'Fn::GetAtt': ['AppOriginAccessControl', 'Id'] });
    expect(app.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(
      prod.template.Resources.AppOriginAccessControl?.Properties.OriginAccessControlConfig,
    ).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
  });

  it('It should let only this distribution read objects, and nobody without TLS', () => {
    const policy = prod.template.Resources.AppBucketPolicy?.Properties;
    expect(policy.Bucket).toEqual({ Ref: 'AppBucket' });
    const allows = policy.PolicyDocument.Statement.filter((s: Cfn) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
    });
    expect(JSON.stringify(allows[0].Condition.StringEquals['AWS:SourceArn'])).toContain(
      '{"Ref":"Distribution"}',
    );
    const denies = policy.PolicyDocument.Statement.filter((s: Cfn) => s.Effect === 'Deny');
    expect(denies).toEqual([
      expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });
});

describe('the API behaviours', () => {
  it.each(API_BEHAVIOURS)(
    'It should send $pattern to $origin uncached, forwarding Authorization, HTTPS only, every method',
    ({ pattern, origin }) => {
      const b = behaviour(prod.template, pattern);
      expect(b).toMatchObject({
        TargetOriginId: origin,
        ViewerProtocolPolicy: 'https-only',
        // CachingDisabled + AllViewerExceptHostHeader is the managed pair under which CloudFront
        // forwards Authorization (an origin request policy naming it is refused; "all viewer
        // headers" is allowed only with nothing cached). Host stays the API's own.
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      });
      expect([...b.AllowedMethods].sort()).toEqual([
        'DELETE',
        'GET',
        'HEAD',
        'OPTIONS',
        'PATCH',
        'POST',
        'PUT',
      ]);
      expect(b.ForwardedValues).toBeUndefined();
      expect(b.DefaultTTL ?? 0).toBe(0);
    },
  );

  it.each(API_BEHAVIOURS)(
    'It should reach $origin over HTTPS at the stage URL its stack writes to SSM',
    ({ origin, parameter, ssm }) => {
      const o = distribution(prod.template).Origins.find((x: Cfn) => x.Id === origin);
      expect(o.CustomOriginConfig).toMatchObject({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
      // https://<host>/<stage> → host as the origin, /<stage> as its path.
      expect(o.DomainName).toEqual({ 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: parameter }] }] });
      expect(JSON.stringify(o.OriginPath)).toContain(
        `{"Fn::Select":[3,{"Fn::Split":["/",{"Ref":"${parameter}"}]}]}`,
      );
      expect(prod.template.Parameters[parameter]).toEqual(
        expect.objectContaining({
          Type: 'AWS::SSM::Parameter::Value<String>',
          Default: `/bookingbot/prod/${ssm}/api-url`,
        }),
      );
    },
  );

  it('It should strip /api for user-api and leave the other APIs their own paths', () => {
    expect(functionsOf(behaviour(prod.template, '/api/*'))).toEqual([
      'viewer-request StripApiPrefixFunction',
    ]);
    for (const pattern of ['/auth/*', '/admin/*', '/webhook'])
      expect(functionsOf(behaviour(prod.template, pattern))).toEqual([]);
  });
});

describe('the app behaviours', () => {
  it('It should cache the app and run the SPA fallback on the app paths only', () => {
    for (const pattern of APP_PATTERNS) {
      const b = behaviour(prod.template, pattern);
      expect(b).toMatchObject({
        TargetOriginId: 'app',
        CachePolicyId: CACHING_OPTIMIZED,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect(functionsOf(b)).toEqual(['viewer-request SpaFallbackFunction']);
    }
    const withFallback = behaviours(prod.template)
      .filter((b) => functionsOf(b).includes('viewer-request SpaFallbackFunction'))
      .map((b) => b.PathPattern);
    expect(withFallback.sort()).toEqual([...APP_PATTERNS].sort());
  });

  it('It should have no distribution-wide error pages (they would rewrite the APIs 403/404 answers)', () => {
    expect(distribution(prod.template).CustomErrorResponses).toBeUndefined();
  });

  it('It should deploy the functions from the files the unit tests run', () => {
    const code = (file: string) => readFileSync(path.join(ROOT, 'services/edge/functions', file), 'utf8');
    expect(prod.template.Resources.SpaFallbackFunction?.Properties).toMatchObject({
      AutoPublish: true,
      FunctionConfig: { Runtime: 'cloudfront-js-2.0' },
      FunctionCode: code('spa-fallback.js'),
    });
    expect(prod.template.Resources.StripApiPrefixFunction?.Properties.FunctionCode).toBe(
      code('strip-api-prefix.js'),
    );
  });
});

describe('the response headers policy', () => {
  const config = () =>
    prod.template.Resources.SecurityHeadersPolicy?.Properties.ResponseHeadersPolicyConfig
      .SecurityHeadersConfig;

  it('It should send a CSP with no inline or eval scripts, no framing, same-origin connections', () => {
    const csp: string = config().ContentSecurityPolicy.ContentSecurityPolicy;
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(config().ContentSecurityPolicy.Override).toBe(true);
  });

  it('It should send HSTS for a year or more, X-Frame-Options DENY, nosniff and a referrer policy', () => {
    expect(config().StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31536000);
    expect(config().StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
    expect(config().FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(config().ContentTypeOptions).toEqual({ Override: true });
    expect(config().ReferrerPolicy).toEqual({
      ReferrerPolicy: 'strict-origin-when-cross-origin',
      Override: true,
    });
  });

  it('It should be on every behaviour, app and APIs', () => {
    for (const b of behaviours(prod.template))
      expect(b.ResponseHeadersPolicyId).toEqual({ Ref: 'SecurityHeadersPolicy' });
  });
});

describe('WAF and region', () => {
  it('It should put a CLOUDFRONT-scope web ACL on the distribution in prod', () => {
    const acls = created(prod.template, 'AWS::WAFv2::WebACL');
    expect(acls).toHaveLength(1);
    const [[id, acl] = []] = acls;
    expect(acl?.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl?.Properties.Rules.map((r: Cfn) => r.Name)).toEqual([
      'ip-rate-limit',
      'aws-common-rule-set',
      'aws-common-rule-set-webhook',
    ]);
    const webAclId = distribution(prod.template).WebACLId;
    expect(webAclId['Fn::If'][1]).toEqual({ 'Fn::GetAtt': [id, 'Arn'] });
    expect(isTrue(prod.template, webAclId['Fn::If'][0])).toBe(true);
  });

  it('It should have no web ACL in dev', () => {
    expect(created(dev.template, 'AWS::WAFv2::WebACL')).toHaveLength(0);
    const webAclId = distribution(dev.template).WebACLId;
    expect(isTrue(dev.template, webAclId['Fn::If'][0])).toBe(false);
    expect(webAclId['Fn::If'][2]).toEqual({ Ref: 'AWS::NoValue' });
  });

  it('It should live in us-east-1, where CloudFront web ACLs and certificates must be created', () => {
    expect(prod.region).toBe('us-east-1');
    expect(dev.region).toBe('us-east-1');
  });
});

describe('the custom domain', () => {
  it('It should use the CloudFront name and certificate when no domain is given', () => {
    expect(created(dev.template, 'AWS::CertificateManager::Certificate')).toHaveLength(0);
    expect(created(dev.template, 'AWS::Route53::RecordSetGroup')).toHaveLength(0);
    expect(distribution(dev.template).ViewerCertificate['Fn::If'][2]).toEqual({
      CloudFrontDefaultCertificate: true,
    });
  });

  it('It should add a DNS-validated certificate, TLS 1.2 and A/AAAA alias records when a domain is given', () => {
    const t = withDomain.template;
    expect(t.Parameters.SiteDomainName?.Default).toBe('app.example.com');
    expect(created(t, 'AWS::CertificateManager::Certificate')).toHaveLength(1);
    const [[, records] = []] = created(t, 'AWS::Route53::RecordSetGroup');
    expect(records?.Properties.RecordSets.map((r: Cfn) => r.Type)).toEqual(['A', 'AAAA']);
    const viewer = distribution(t).ViewerCertificate['Fn::If'];
    expect(isTrue(t, viewer[0])).toBe(true);
    expect(viewer[1]).toMatchObject({ SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
  });
});

describe('outputs and deploy order', () => {
  it('It should output the distribution, its id (for invalidations) and the bucket', () => {
    expect(Object.keys(prod.template.Outputs)).toEqual(
      expect.arrayContaining(['DistributionDomainName', 'DistributionId', 'AppBucketName', 'SiteUrl']),
    );
  });

  it('It should be deployed by compose after the four APIs', () => {
    const compose = parse(readFileSync(path.join(ROOT, 'serverless-compose.yml'), 'utf8'));
    expect([...compose.services.edge.dependsOn].sort()).toEqual([
      'admin-api',
      'auth-otp',
      'messenger-webhook',
      'user-api',
    ]);
  });
});
