'use strict';
/**
 * The rules of the edge's web ACL (CLOUDFRONT scope), the same policy as the regional ACL the ops
 * plugin puts on each API stage (infra/lib/waf.cjs): an IP rate rule and the AWS common rule set,
 * with the Messenger webhook exempt from what would reject Meta's signed deliveries (bursts from a
 * few Meta addresses; customers' free text in the body — the body rules only count there, the
 * `X-Hub-Signature-256` check is the webhook's real guard).
 * At the edge the path is the viewer's (`/webhook`, no stage), hence an exact match.
 */
const { BODY_RULES } = require('../../infra/lib/waf.cjs');

const visibility = (metricName) => ({
  CloudWatchMetricsEnabled: true,
  MetricName: metricName,
  SampledRequestsEnabled: true,
});

const isWebhook = {
  ByteMatchStatement: {
    FieldToMatch: { UriPath: {} },
    PositionalConstraint: 'EXACTLY',
    SearchString: '/webhook',
    TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
  },
};
const notWebhook = { NotStatement: { Statement: isWebhook } };
const commonRuleSet = (extra) => ({
  ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet', ...extra },
});

/** @param {{ name: string, ratePer5Min: number }} options */
function rules({ name, ratePer5Min }) {
  return [
    {
      Name: 'ip-rate-limit',
      Priority: 0,
      Action: { Block: {} },
      Statement: {
        RateBasedStatement: { Limit: ratePer5Min, AggregateKeyType: 'IP', ScopeDownStatement: notWebhook },
      },
      VisibilityConfig: visibility(`${name}-ip-rate-limit`),
    },
    {
      Name: 'aws-common-rule-set',
      Priority: 1,
      OverrideAction: { None: {} },
      Statement: commonRuleSet({ ScopeDownStatement: notWebhook }),
      VisibilityConfig: visibility(`${name}-common`),
    },
    {
      Name: 'aws-common-rule-set-webhook',
      Priority: 2,
      OverrideAction: { None: {} },
      Statement: commonRuleSet({
        ScopeDownStatement: isWebhook,
        RuleActionOverrides: BODY_RULES.map((rule) => ({ Name: rule, ActionToUse: { Count: {} } })),
      }),
      VisibilityConfig: visibility(`${name}-common-webhook`),
    },
  ];
}

// Read by serverless.yml as `${file(./waf.cjs):rules}`: Serverless calls an exported function with
// the resolved variables, so the stage and the rate come from serverless.yml's own params.
module.exports = {
  rules: ({ resolveVariable }) =>
    Promise.all([resolveVariable('sls:stage'), resolveVariable("param:wafRateLimitPer5Min, '1000'")]).then(
      ([stage, rate]) => rules({ name: `bookingbot-edge-${stage}`, ratePer5Min: Number(rate) }),
    ),
  /** `custom.wafEnabled` (a YAML boolean from the stage table) as the "true"/"false" a template parameter holds. */
  enabled: ({ resolveVariable }) =>
    resolveVariable('self:custom.wafEnabled').then((on) => String(on === true || on === 'true')),
  buildRules: rules,
};
