'use strict';
/**
 * X-Ray. `provider.tracing` turns it on for functions (TracingConfig) and, through an SDK call after
 * deploy, for the API stage. Two gaps closed here: per-function roles (serverless-iam-roles-per-function)
 * do not get the X-Ray write permission the default role has, so traced functions could not send
 * segments; and the stage's tracing was invisible in the template.
 */
const { restApi } = require('./context.cjs');

const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

function addTracing(template, ctx) {
  const resources = template.Resources;
  if (ctx.tracing.lambda) {
    for (const fn of Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function')) {
      const roleId = fn.Properties.Role?.['Fn::GetAtt']?.[0];
      const role = roleId ? resources[roleId] : undefined;
      if (role?.Type !== 'AWS::IAM::Role') continue;
      const statements = role.Properties.Policies?.[0]?.PolicyDocument?.Statement;
      if (!statements) continue;
      // X-Ray has no resource-level permissions: `*` is the only valid resource for these two actions.
      if (!statements.some((s) => [].concat(s.Action).includes('xray:PutTraceSegments')))
        statements.push({ Effect: 'Allow', Action: XRAY_ACTIONS, Resource: '*' });
    }
  }
  const api = restApi(template);
  if (api?.deployment && ctx.tracing.apiGateway) {
    const deployment = resources[api.deployment];
    deployment.Properties.StageDescription = {
      ...(deployment.Properties.StageDescription ?? {}),
      TracingEnabled: true,
      // Per-method metrics cost money per route and metric; off unless the stage asks for them.
      MetricsEnabled: ctx.detailedMetrics,
      // Never DataTraceEnabled: it would log request bodies (OTP codes, tokens) in clear.
      DataTraceEnabled: false,
    };
  }
}

module.exports = { addTracing, XRAY_ACTIONS };
