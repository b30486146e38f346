'use strict';
/**
 * API Gateway throttling that applies to every caller: the stage default (`throttle` of the route
 * table) and a tighter limit per method where the table sets one (OTP routes). Written as
 * MethodSettings of the stage (the deployment's StageDescription), so the packaged template states
 * the effective limit of every method. Usage plans were dropped: they only limit requests that
 * carry an API key, and no client of these APIs has one (browsers, Meta, curl users).
 */
const { restApi } = require('./context.cjs');

/** `/auth/otp/request` → `/~1auth~1otp~1request` (the escaping MethodSettings.ResourcePath wants). */
const resourcePath = (p) => `/${p.replaceAll('/', '~1')}`;

function methodSettings(table) {
  const settings = [
    {
      ResourcePath: '/*',
      HttpMethod: '*',
      ThrottlingRateLimit: table.throttle.rate,
      ThrottlingBurstLimit: table.throttle.burst,
    },
  ];
  for (const r of table.routes.filter((x) => x.throttle))
    settings.push({
      ResourcePath: resourcePath(r.path),
      HttpMethod: r.method,
      ThrottlingRateLimit: r.throttle.rate,
      ThrottlingBurstLimit: r.throttle.burst,
    });
  return settings;
}

function addThrottling(template, table) {
  const api = restApi(template);
  if (!api?.deployment || !table) return;
  const deployment = template.Resources[api.deployment];
  deployment.Properties.StageDescription = {
    ...(deployment.Properties.StageDescription ?? {}),
    ThrottlingRateLimit: table.throttle.rate,
    ThrottlingBurstLimit: table.throttle.burst,
    MethodSettings: methodSettings(table),
  };
}

module.exports = { addThrottling, methodSettings, resourcePath };
