'use strict';
/** What every builder needs to know about the stack being packaged, with the settings normalized. */

const bool = (value) => value === true || value === 'true';
const num = (value, fallback) => {
  const n = Number(value);
  return Number.isFinite(n) && value !== '' && value !== null && value !== undefined ? n : fallback;
};
const str = (value) => (typeof value === 'string' ? value.trim() : '');

/** The `http` events of a function as `{ method, path }` (path without the leading slash). */
function httpRoutes(fn) {
  return (fn.events ?? [])
    .map((e) => e.http)
    .filter(Boolean)
    .map((h) => {
      if (typeof h === 'string') {
        const [method, path] = h.split(/\s+/);
        return { method: String(method).toUpperCase(), path: String(path).replace(/^\//, '') };
      }
      return { method: String(h.method).toUpperCase(), path: String(h.path).replace(/^\//, '') };
    });
}

/**
 * @param {{ service: string, stage: string, ops: Record<string, unknown>, functions: Record<string, any>, tracing: { apiGateway?: boolean, lambda?: boolean | string } }} input
 */
function opsContext({ service, stage, ops, functions, tracing }) {
  const prefix = str(ops.appName) || 'bookingbot';
  const short = service.startsWith(`${prefix}-`) ? service.slice(prefix.length + 1) : service;
  const webhookPath = str(ops.webhookPath).replace(/^\//, '') || 'webhook';
  const routes = Object.values(functions).flatMap(httpRoutes);
  const thresholds = ops.thresholds ?? {};
  return {
    service,
    short,
    stage,
    prefix,
    /** Export names of the data stack: `bookingbot-<stage>-TableArn`, …AlarmTopicArn. */
    exportPrefix: `${prefix}-${stage}`,
    ssmPrefix: `/${prefix}/${stage}/${short}`,
    ownsAlarmTopic: service === (str(ops.alarmTopicStack) || `${prefix}-data`),
    alarmEmail: str(ops.alarmEmail),
    wafEnabled: bool(ops.wafEnabled),
    wafRateLimit: num(ops.wafRateLimitPer5Min, 1000),
    detailedMetrics: bool(ops.detailedMetrics),
    domainName: str(ops.domainName),
    hostedZoneId: str(ops.hostedZoneId),
    webhookPath,
    hasWebhook: routes.some((r) => r.path === webhookPath && r.method === 'POST'),
    tracing: { apiGateway: bool(tracing.apiGateway), lambda: Boolean(tracing.lambda) },
    thresholds: {
      api5xxPercent: num(thresholds.api5xxPercent, 5),
      webhookP99Ms: num(thresholds.webhookP99Ms, 1000),
      otpLockoutsPer5Min: num(thresholds.otpLockoutsPer5Min, 20),
    },
  };
}

/** The REST API and the deployment that creates its stage, if the stack has one. */
function restApi(template) {
  const resources = template.Resources;
  if (!resources.ApiGatewayRestApi) return undefined;
  const deployment = Object.keys(resources).find(
    (id) => resources[id].Type === 'AWS::ApiGateway::Deployment',
  );
  return { id: 'ApiGatewayRestApi', name: resources.ApiGatewayRestApi.Properties.Name, deployment };
}

module.exports = { opsContext, restApi, httpRoutes };
