'use strict';
/**
 * The operations layer of every stack, as a Serverless plugin (`plugins: [..., "@bookingbot/infra"]`).
 *
 * After Serverless has compiled a service (functions, API, per-function roles, the service's own
 * `resources:`), it adds to the CloudFormation template:
 *   - the alarms (Lambda errors/throttles per function, API 5xx rate, DLQ depth, webhook p99
 *     latency, Send API token expired, OTP lockout spike), all → one SNS topic per stage, which the
 *     data stack owns (email subscription by the `alarmEmail` param) and exports;
 *   - X-Ray: write permission on every per-function role and tracing on the API stage;
 *   - an AWS WAF web ACL on the REST API stage when `wafEnabled` (the webhook exempt from the body
 *     rules and the IP rate rule that would block Meta's signed deliveries);
 *   - a custom domain (ACM certificate, regional API domain, Route 53 alias) when `domainName` and
 *     `hostedZoneId` are set;
 *   - every stack output (API URL, webhook URL, table and bucket names) as an SSM parameter
 *     `/bookingbot/<stage>/<service>/<name>`, printed after each deploy.
 *
 * Before that, it declares the service's HTTP functions from its route table (`src/routes.ts`,
 * lib/routes.cjs): one function per route with its IAM role, environment and, by `access`, the
 * authorizer; and it writes the table's stage and per-method throttling into the API stage
 * (lib/throttling.cjs). Under `serverless offline` it also makes the emulator's own refusals
 * problem+json (lib/offline-problems.cjs), as the deployed GatewayResponses are.
 *
 * Settings come from `custom.ops` of serverless.base.yml (per-stage `params:` there, or
 * `--param "name=value"`); a service may set its own `custom.ops` to override them.
 * The builders are plain functions of the template (lib/), unit-tested in test/infra/.
 */
const { addAlarms, ensureAlarmTopic } = require('./lib/alarms.cjs');
const { addCustomDomain } = require('./lib/domain.cjs');
const { addGatewayResponses } = require('./lib/gateway-responses.cjs');
const { addSsmOutputs, ssmOutputs } = require('./lib/outputs.cjs');
const { addTracing } = require('./lib/tracing.cjs');
const { functionsOf, loadRouteTable } = require('./lib/routes.cjs');
const { addThrottling } = require('./lib/throttling.cjs');
const { installOfflineProblems } = require('./lib/offline-problems.cjs');
const { addWaf } = require('./lib/waf.cjs');
const { writeInvokeShim } = require('./lib/invoke-local.cjs');
const { selectOfflineFunctions } = require('./lib/offline-functions.cjs');
const { opsContext } = require('./lib/context.cjs');

// A Serverless variable (resolved by Serverless, relative to the service folder), not a JS template.
// biome-ignore lint/suspicious/noTemplateCurlyInString: Serverless variable syntax
const BASE_OPS = '${file(../../serverless.base.yml):custom.ops}';

class ServerlessOps {
  constructor(serverless, options = {}, utils = {}) {
    this.serverless = serverless;
    this.options = options;
    this.log = utils.log ?? { notice: console.log, warning: console.warn };
    this.hooks = {
      // After the service's own `resources:` are merged (DLQs, outputs) and before the template is saved.
      'after:aws:package:finalize:mergeCustomProviderResources': () => this.extendTemplate(),
      'after:deploy:deploy': () => this.printOutputs(),
      // After serverless-esbuild (listed before this plugin) built the bundle (lib/invoke-local.cjs).
      'before:invoke:local:invoke': () => writeInvokeShim(this.serverless, this.options.function),
      // Before any command's own lifecycle (esbuild bundles at before:offline:start:init): a local
      // stack process may serve only part of the service (lib/offline-functions.cjs).
      initialize: () => this.selectOfflineFunctions(),
    };
  }

  /** Pulls the shared settings in unless the service has its own (resolved like any variable). */
  asyncInit() {
    const input = this.serverless.configurationInput;
    if (!input.custom?.ops) this.serverless.extendConfiguration(['custom', 'ops'], BASE_OPS);
    // Extended here (before variables resolve) so `${self:custom…}` references in the generated
    // functions resolve like hand-written ones and every other plugin sees plain functions.
    const serviceDir = this.serverless.serviceDir ?? this.serverless.config.servicePath;
    // Locally, serverless-offline's own refusals (authorizer 401/403) answer problem+json as the
    // deployed GatewayResponses do (lib/offline-problems.cjs).
    if (this.serverless.processedInput?.commands?.[0] === 'offline') installOfflineProblems(serviceDir);
    this.routeTable = loadRouteTable(serviceDir);
    if (this.routeTable)
      for (const [name, fn] of Object.entries(functionsOf(this.routeTable))) {
        if (input.functions?.[name])
          throw new Error(`function ${name} is both in serverless.yml and src/routes.ts`);
        this.serverless.extendConfiguration(['functions', name], fn);
      }
  }

  /** Under `serverless offline`: the functions this process serves (OFFLINE_FUNCTIONS / OFFLINE_SKIP_FUNCTIONS). */
  selectOfflineFunctions() {
    if (this.serverless.processedInput?.commands?.[0] !== 'offline') return;
    const removed = selectOfflineFunctions(this.serverless.service);
    if (removed.length) this.log.notice(`Not served by this offline process: ${removed.join(', ')}`);
  }

  context() {
    const { service } = this.serverless;
    return opsContext({
      service: service.service,
      stage: this.serverless.getProvider('aws').getStage(),
      ops: service.custom?.ops ?? {},
      functions: service.functions ?? {},
      tracing: service.provider.tracing ?? {},
    });
  }

  extendTemplate() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const ctx = this.context();
    ensureAlarmTopic(template, ctx);
    addTracing(template, ctx);
    addAlarms(template, ctx);
    addWaf(template, ctx);
    addGatewayResponses(template);
    addThrottling(template, this.routeTable);
    addCustomDomain(template, ctx);
    addSsmOutputs(template, ctx);
  }

  async printOutputs() {
    const provider = this.serverless.getProvider('aws');
    const stackName = provider.naming.getStackName();
    const result = await provider.request('CloudFormation', 'describeStacks', { StackName: stackName });
    const outputs = result.Stacks?.[0]?.Outputs ?? [];
    const byKey = Object.fromEntries(outputs.map((o) => [o.OutputKey, o.OutputValue]));
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    this.log.notice(`\nStack outputs of ${stackName} (stored in SSM):`);
    for (const { key, parameterName } of ssmOutputs(template, this.context()))
      this.log.notice(`  ${parameterName} = ${byKey[key] ?? '(not found)'}`);
  }
}

module.exports = ServerlessOps;
