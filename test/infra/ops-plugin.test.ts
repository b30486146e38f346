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
