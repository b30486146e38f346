import path from 'node:path';

/**
 * The ops plugin's hooks on a small compiled template, without packaging: what it adds, what it
 * leaves alone (a service's own alarm actions, an already watched DLQ), and the outputs it prints
 * after a deploy with the SSM parameter holding each.
 */
// The plugin is CommonJS loaded by Serverless; required here the same way.
const ServerlessOps = require(path.resolve(__dirname, '../../infra/serverless-ops.cjs'));

type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;

function compiledTemplate(): { Resources: Resources; Outputs: Record<string, { Value: unknown }> } {
  return {
    Resources: {
      WorkerLambdaFunction: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Role: { 'Fn::GetAtt': ['WorkerIamRoleLambdaExecution', 'Arn'] },
          TracingConfig: { Mode: 'Active' },
        },
      },
      WorkerIamRoleLambdaExecution: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [
            {
              PolicyDocument: {
                Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: ['x'] }],
              },
            },
          ],
        },
      },
      WorkerEventInvokeConfig: {
        Type: 'AWS::Lambda::EventInvokeConfig',
        Properties: {
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Parked', 'Arn'] } } },
        },
      },
      Parked: { Type: 'AWS::SQS::Queue', Properties: {} },
      Watched: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'svc-dev-dlq' } },
      OwnWatchedAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'AWS/SQS',
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Watched', 'QueueName'] } }],
        },
      },
      PagerAlarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: { AlarmActions: ['arn:aws:sns:pager'], Namespace: 'X' },
      },
      ApiGatewayRestApi: {
        Type: 'AWS::ApiGateway::RestApi',
        Properties: { Name: 'dev-bookingbot-messenger-webhook' },
      },
      ApiGatewayDeployment1: { Type: 'AWS::ApiGateway::Deployment', Properties: { StageName: 'dev' } },
    },
    Outputs: {
      ServiceEndpoint: { Value: 'https://abc.execute-api.us-east-1.amazonaws.com/dev' },
      WorkerLambdaFunctionQualifiedArn: { Value: 'arn:…:1' },
    },
  };
}

function fakeServerless(
  template: ReturnType<typeof compiledTemplate>,
  ops: Record<string, unknown>,
  outputs: unknown[] = [],
) {
  const calls: unknown[] = [];
  const provider = {
    getStage: () => 'dev',
    naming: { getStackName: () => 'bookingbot-messenger-webhook-dev' },
    request: async (...args: unknown[]) => {
      calls.push(args);
      return { Stacks: [{ Outputs: outputs }] };
    },
  };
  const serverless = {
    configurationInput: { custom: { ops } },
    getProvider: () => provider,
    service: {
      service: 'bookingbot-messenger-webhook',
      custom: { ops },
      functions: {
        receive: { events: [{ http: { path: 'webhook', method: 'post' } }] },
        worker: { events: [] },
      },
      provider: { compiledCloudFormationTemplate: template, tracing: { lambda: true, apiGateway: true } },
    },
  };
  return { serverless, calls };
}

describe('the ops plugin', () => {
  it('It should add alarms, X-Ray permission, stage tracing and SSM outputs, and respect what the service set', () => {
    // Arrange
    const template = compiledTemplate();
    const { serverless } = fakeServerless(template, {
      wafEnabled: 'false',
      thresholds: { webhookP99Ms: '800' },
    });
    const plugin = new ServerlessOps(serverless, {}, { log: { notice: () => {} } });

    // Act
    plugin.hooks['after:aws:package:finalize:mergeCustomProviderResources']();

    // Assert
    const r = template.Resources;
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'WorkerErrorsAlarm',
        'WorkerThrottlesAlarm',
        'Api5xxRateAlarm',
        'ParkedDepthAlarm',
      ]),
    );
    expect(r.WebhookLatencyP99Alarm?.Properties.Threshold).toBe(800);
    expect(r.WatchedDepthAlarm).toBeUndefined(); // the service's own alarm already watches it
    expect(r.OwnWatchedAlarm?.Properties.AlarmActions).toEqual([
      { 'Fn::ImportValue': 'bookingbot-dev-AlarmTopicArn' },
    ]);
    expect(r.OwnWatchedAlarm?.Properties.AlarmDescription).toBe(
      'Runbook: docs/operations.md#alarm-dlq-depth',
    );
    expect(r.PagerAlarm?.Properties.AlarmActions).toEqual(['arn:aws:sns:pager']);
    expect(JSON.stringify(r.WorkerIamRoleLambdaExecution?.Properties)).toContain('xray:PutTraceSegments');
    expect(r.ApiGatewayDeployment1?.Properties.StageDescription).toMatchObject({ TracingEnabled: true });
    expect(r.WebAcl).toBeUndefined();
    expect(r.ServiceEndpointParameter?.Properties.Name).toBe('/bookingbot/dev/messenger-webhook/api-url');
    expect(r.WebhookUrlParameter?.Properties.Name).toBe('/bookingbot/dev/messenger-webhook/webhook-url');
    expect(r.WorkerLambdaFunctionQualifiedArnParameter).toBeUndefined();
  });

  it('It should print each stack output with its SSM parameter after a deploy', async () => {
    // Arrange
    const template = compiledTemplate();
    const { serverless, calls } = fakeServerless(template, {}, [
      { OutputKey: 'ServiceEndpoint', OutputValue: 'https://abc.execute-api.us-east-1.amazonaws.com/dev' },
      { OutputKey: 'WebhookUrl', OutputValue: 'https://abc.execute-api.us-east-1.amazonaws.com/dev/webhook' },
    ]);
    const printed: string[] = [];
    const plugin = new ServerlessOps(
      serverless,
      {},
      { log: { notice: (line: string) => printed.push(line) } },
    );
    plugin.hooks['after:aws:package:finalize:mergeCustomProviderResources']();

    // Act
    await plugin.hooks['after:deploy:deploy']();

    // Assert
    expect(calls).toEqual([
      ['CloudFormation', 'describeStacks', { StackName: 'bookingbot-messenger-webhook-dev' }],
    ]);
    expect(printed).toContain(
      '  /bookingbot/dev/messenger-webhook/webhook-url = https://abc.execute-api.us-east-1.amazonaws.com/dev/webhook',
    );
    expect(printed).toContain(
      '  /bookingbot/dev/messenger-webhook/api-url = https://abc.execute-api.us-east-1.amazonaws.com/dev',
    );
  });
});

// ── The route table → functions and stage throttling (infra/lib/routes.cjs, throttling.cjs) ──
const { functionsOf, loadRouteTable } = require(path.resolve(__dirname, '../../infra/lib/routes.cjs'));
const { methodSettings } = require(path.resolve(__dirname, '../../infra/lib/throttling.cjs'));
const { problemFor } = require(path.resolve(__dirname, '../../infra/lib/offline-problems.cjs'));

// Serverless variables in expected values are plain strings, not JS templates.
const sls = (name: string) => `\${${name}}`;

describe('the route table plugin', () => {
  it('It should declare one function per route, with the authorizer exactly on user and admin routes', () => {
    // Arrange: auth-otp's real table, loaded the way the plugin loads it
    const table = loadRouteTable(path.resolve(__dirname, '../../services/auth-otp'));

    // Act
    const functions = functionsOf(table);

    // Assert
    expect(Object.keys(functions).sort()).toEqual(table.routes.map((r: { name: string }) => r.name).sort());
    for (const r of table.routes) {
      const http = functions[r.name].events[0].http;
      expect(`${r.name} ${http.authorizer ?? 'none'}`).toBe(
        `${r.name} ${r.access === 'user' || r.access === 'admin' ? sls('self:custom.authorizer') : 'none'}`,
      );
    }
    expect(functions.otpRequest.iamRoleStatements).toContainEqual({
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: [sls('self:custom.sesIdentityArn')],
    });
    expect(functions.otpRequest.environment.OTP_PEPPER_PARAM).toBe(sls('param:otpPepperParam'));
  });

  it('It should write the stage throttle and each route throttle with API Gateway path escaping', () => {
    const settings = methodSettings({
      throttle: { rate: 50, burst: 100 },
      routes: [
        { method: 'POST', path: '/auth/otp/request', throttle: { rate: 5, burst: 10 } },
        { method: 'GET', path: '/health' },
      ],
    });
    expect(settings).toEqual([
      { ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      {
        ResourcePath: '/~1auth~1otp~1request',
        HttpMethod: 'POST',
        ThrottlingRateLimit: 5,
        ThrottlingBurstLimit: 10,
      },
    ]);
  });

  it("It should turn serverless-offline's own refusals into the gateway's problem documents", () => {
    expect(problemFor(401, 'Unauthorized', 'r1')).toEqual({
      type: 'https://bookingbot.dev/problems/auth.unauthorized',
      title: 'Unauthorized',
      status: 401,
      code: 'auth.unauthorized',
      detail: 'Unauthorized',
      instance: 'r1',
    });
    expect(problemFor(404, 'Not Found', undefined)).toMatchObject({ status: 404, code: 'request.rejected' });
  });
});
