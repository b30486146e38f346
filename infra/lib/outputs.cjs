'use strict';
/**
 * Every stack output that another stack, a client or an operator needs (API URL, webhook URL,
 * table and bucket names, the alarm topic) is also an SSM parameter `/bookingbot/<stage>/<service>/<name>`,
 * written by CloudFormation itself, so nothing is copied by hand and a redeploy that changes a URL
 * updates its parameter.
 */

/** Outputs that are Serverless internals, not for people or other stacks. */
const INTERNAL = (key) => key === 'ServerlessDeploymentBucketName' || key.endsWith('QualifiedArn');

/** `ServiceEndpoint` → `api-url`, `TableName` → `table-name`. */
function parameterSuffix(key) {
  if (key === 'ServiceEndpoint') return 'api-url';
  return key
    .replace(/Url$/, 'URL')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/URL$/, 'url')
    .toLowerCase();
}

function addWebhookUrl(template, ctx) {
  const endpoint = template.Outputs?.ServiceEndpoint;
  // A service that declares its own WebhookUrl output keeps it.
  if (!ctx.hasWebhook || !endpoint || template.Outputs.WebhookUrl) return;
  template.Outputs.WebhookUrl = {
    Description: 'Callback URL to register in the Meta app (Webhooks → Page)',
    Value: { 'Fn::Join': ['', [endpoint.Value, `/${ctx.webhookPath}`]] },
  };
}

/** The outputs stored in SSM, with their parameter names. */
function ssmOutputs(template, ctx) {
  return Object.keys(template.Outputs ?? {})
    .filter((key) => !INTERNAL(key))
    .map((key) => ({ key, parameterName: `${ctx.ssmPrefix}/${parameterSuffix(key)}` }));
}

function addSsmOutputs(template, ctx) {
  addWebhookUrl(template, ctx);
  for (const { key, parameterName } of ssmOutputs(template, ctx)) {
    const output = template.Outputs[key];
    template.Resources[`${key.replace(/[^A-Za-z0-9]/g, '')}Parameter`] = {
      Type: 'AWS::SSM::Parameter',
      Properties: {
        Name: parameterName,
        Type: 'String',
        Value: output.Value,
        Description: output.Description ?? `Output ${key} of ${ctx.service}`,
      },
    };
  }
}

module.exports = { addSsmOutputs, ssmOutputs, parameterSuffix };
