'use strict';
/**
 * AWS WAF in front of a REST API stage, when the stage sets `wafEnabled`:
 *   1. an IP rate-based rule (requests per 5 minutes per client IP) → 403;
 *   2. the AWS managed common rule set (OWASP-style XSS, LFI/RFI, SSRF, size limits).
 * The Messenger webhook is exempt from what would reject Meta's signed deliveries: its POSTs come
 * in bursts from a few Meta addresses (rate rule) and carry customers' free text, batches over
 * 8 KB (the `_BODY` rules: a customer typing "<script>" or a URL must not make Meta retry and
 * finally disable the webhook). Those body rules only count there; the HMAC signature check
 * (`X-Hub-Signature-256`) is the webhook's real guard.
 */
const { restApi } = require('./context.cjs');

/** Rules of AWSManagedRulesCommonRuleSet that inspect the body. */
const BODY_RULES = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
];

const visibility = (metricName) => ({
  CloudWatchMetricsEnabled: true,
  MetricName: metricName,
  SampledRequestsEnabled: true,
});

function addWaf(template, ctx) {
  const api = restApi(template);
  if (!ctx.wafEnabled || !api) return;
  // The URI path WAF sees includes the stage or base path (`/prod/webhook`), hence "ends with".
  const isWebhook = {
    ByteMatchStatement: {
      FieldToMatch: { UriPath: {} },
      PositionalConstraint: 'ENDS_WITH',
      SearchString: `/${ctx.webhookPath}`,
      TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
    },
  };
  const notWebhook = { NotStatement: { Statement: isWebhook } };
  const commonRuleSet = (extra) => ({
    ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', ...extra },
  });
  const name = `${ctx.service}-${ctx.stage}`;
  const rules = [
    {
      Name: 'ip-rate-limit',
      Priority: 0,
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: {
          Limit: ctx.wafRateLimit,
          AggregateKeyType: 'IP',
          ...(ctx.hasWebhook ? { ScopeDownStatement: notWebhook } : {}),
        },
      },
      VisibilityConfig: visibility(`${name}-ip-rate-limit`),
    },
    {
      Name: 'aws-common-rule-set',
      Priority: 1,
      OverrideAction: { None: {} },
      Statement: commonRuleSet(ctx.hasWebhook ? { ScopeDownStatement: notWebhook } : {}),
      VisibilityConfig: visibility(`${name}-common`),
    },
  ];
  if (ctx.hasWebhook)
    rules.push({
      Name: 'aws-common-rule-set-webhook',
      Priority: 2,
      OverrideAction: { None: {} },
      Statement: commonRuleSet({
        ScopeDownStatement: isWebhook,
        RuleActionOverrides: BODY_RULES.map((rule) => ({ Name: rule, ActionToUse: { Count: {} } })),
      }),
      VisibilityConfig: visibility(`${name}-common-webhook`),
    });

  template.Resources.WebAcl = {
    Type: 'AWS::WAFv2::WebACL',
    Properties: {
      Name: name,
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: rules,
      VisibilityConfig: visibility(name),
    },
  };
  template.Resources.WebAclAssociation = {
    Type: 'AWS::WAFv2::WebACLAssociation',
    // The stage exists once the deployment that creates it does.
    DependsOn: [api.deployment],
    Properties: {
      ResourceArn: {
        'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/restapis/\${${api.id}}/stages/${ctx.stage}`,
      },
      WebACLArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
    },
  };
}

module.exports = { addWaf, BODY_RULES };
