'use strict';
/**
 * Alarms → one SNS topic per stage. The data stack (deployed first) owns the topic and exports its
 * ARN; every other stack imports it. Each alarm's description names its runbook section in
 * docs/operations.md.
 */
const { restApi } = require('./context.cjs');

/** Namespace of the custom (EMF) metrics: packages/common/src/metrics METRICS_NAMESPACE. */
const METRICS_NAMESPACE = 'bookingbot';
const RUNBOOK = 'docs/operations.md#';

function topicRef(ctx) {
  return ctx.ownsAlarmTopic
    ? { Ref: 'AlarmTopic' }
    : { 'Fn::ImportValue': `${ctx.exportPrefix}-AlarmTopicArn` };
}

/** The topic (and its email subscription when `alarmEmail` is set), in the stack that owns it. */
function ensureAlarmTopic(template, ctx) {
  if (!ctx.ownsAlarmTopic) return;
  template.Resources.AlarmTopic = {
    Type: 'AWS::SNS::Topic',
    // Not KMS-encrypted on purpose: CloudWatch cannot publish to a topic under the AWS-managed SNS
    // key, and alarm messages carry no personal data.
    Properties: { TopicName: `${ctx.exportPrefix}-alarms`, DisplayName: `${ctx.prefix} ${ctx.stage} alarms` },
  };
  template.Resources.AlarmTopicPolicy = {
    Type: 'AWS::SNS::TopicPolicy',
    Properties: {
      Topics: [{ Ref: 'AlarmTopic' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudWatchAlarmsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: 'AlarmTopic' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    },
  };
  if (ctx.alarmEmail)
    template.Resources.AlarmTopicEmailSubscription = {
      Type: 'AWS::SNS::Subscription',
      Properties: { TopicArn: { Ref: 'AlarmTopic' }, Protocol: 'email', Endpoint: ctx.alarmEmail },
    };
  template.Outputs ??= {};
  template.Outputs.AlarmTopicArn = {
    Description: 'SNS topic every alarm of this stage notifies',
    Value: { Ref: 'AlarmTopic' },
    Export: { Name: `${ctx.exportPrefix}-AlarmTopicArn` },
  };
}

function alarm(ctx, { name, description, runbook, ...props }) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${ctx.service}-${ctx.stage}-${name}`,
      AlarmDescription: `${description} Runbook: ${RUNBOOK}${runbook}`,
      AlarmActions: [topicRef(ctx)],
      OKActions: [topicRef(ctx)],
      // No traffic is not an incident; the DLQ and error alarms only fire on actual data points.
      TreatMissingData: 'notBreaching',
      ...props,
    },
  };
}

/** Queues that receive what failed elsewhere: referenced as a DLQ / on-failure target, or so named. */
function deadLetterQueues(template) {
  const resources = template.Resources;
  const queues = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::SQS::Queue');
  const referenced = new Set();
  const refsIn = (value) => {
    const json = JSON.stringify(value ?? null);
    for (const id of queues) if (json.includes(`"${id}"`)) referenced.add(id);
  };
  for (const r of Object.values(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Lambda::Function') refsIn(p.DeadLetterConfig);
    if (r.Type === 'AWS::Lambda::EventInvokeConfig') refsIn(p.DestinationConfig?.OnFailure);
    if (r.Type === 'AWS::Lambda::EventSourceMapping') refsIn(p.DestinationConfig?.OnFailure);
    if (r.Type === 'AWS::SQS::Queue') refsIn(p.RedrivePolicy);
  }
  return queues.filter(
    (id) =>
      referenced.has(id) ||
      /dlq|dead.?letter|failure/i.test(`${id} ${resources[id].Properties?.QueueName ?? ''}`),
  );
}

/** Custom-metric alarms, by the stack that emits the metric (names: common/metrics METRIC). */
const METRIC_ALARMS = [
  {
    when: (ctx) => ctx.hasWebhook,
    id: 'SendApiTokenExpiredAlarm',
    name: 'send-api-token-expired',
    description: 'The Send API rejected the Page access token (Graph error 190): replies are not delivered.',
    runbook: 'alarm-send-api-token-expired',
    metric: 'SendApiErrors',
    dimensions: { code: '190' },
    // The messenger service may alarm on its own PageTokenInvalid metric (same incident): one alarm is enough.
    unlessStackAlarmsOn: 'PageTokenInvalid',
    threshold: () => 1,
  },
  {
    when: (ctx) => ctx.short === 'auth-otp',
    id: 'OtpLockoutSpikeAlarm',
    name: 'otp-lockout-spike',
    description:
      'Many email addresses locked out after failed OTP attempts in 5 minutes: guessing or a broken mail.',
    runbook: 'alarm-otp-lockout-spike',
    metric: 'OtpLocked',
    dimensions: {},
    threshold: (ctx) => ctx.thresholds.otpLockoutsPer5Min,
  },
];

/** Queue logical ids some alarm of the service's own `resources:` already watches. */
function watchedQueues(template) {
  const watched = new Set();
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm' || r.Properties?.Namespace !== 'AWS/SQS') continue;
    for (const d of r.Properties.Dimensions ?? []) {
      const id = d.Value?.['Fn::GetAtt']?.[0] ?? d.Value?.Ref;
      if (id) watched.add(id);
    }
  }
  return watched;
}

/** Alarms a service declares itself notify the same topic unless they name their own actions. */
function adoptServiceAlarms(template, ctx) {
  for (const r of Object.values(template.Resources)) {
    if (r.Type !== 'AWS::CloudWatch::Alarm' || r.Properties.AlarmActions) continue;
    r.Properties.AlarmActions = [topicRef(ctx)];
    r.Properties.OKActions = [topicRef(ctx)];
    const description = r.Properties.AlarmDescription ?? '';
    if (!description.includes('Runbook:')) {
      const section = r.Properties.Namespace === 'AWS/SQS' ? 'alarm-dlq-depth' : 'respond-to-an-alarm';
      r.Properties.AlarmDescription = `${description}${description ? ' ' : ''}Runbook: ${RUNBOOK}${section}`;
    }
  }
}

function addAlarms(template, ctx) {
  const resources = template.Resources;
  adoptServiceAlarms(template, ctx);
  const alreadyWatched = watchedQueues(template);
  const add = (id, props) => {
    resources[id] = alarm(ctx, props);
  };

  for (const fnId of Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Lambda::Function')) {
    const base = fnId.replace(/LambdaFunction$/, '');
    const dimensions = [{ Name: 'FunctionName', Value: { Ref: fnId } }];
    const common = {
      Namespace: 'AWS/Lambda',
      Dimensions: dimensions,
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
    };
    add(`${base}ErrorsAlarm`, {
      name: `${base}-errors`,
      description: `Function ${base} failed (uncaught error, timeout or out of memory).`,
      runbook: 'alarm-lambda-errors',
      MetricName: 'Errors',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...common,
    });
    add(`${base}ThrottlesAlarm`, {
      name: `${base}-throttles`,
      description: `Function ${base} was throttled (concurrency limit reached).`,
      runbook: 'alarm-lambda-throttles',
      MetricName: 'Throttles',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      ...common,
    });
  }

  const api = restApi(template);
  if (api) {
    const apiDimensions = [
      { Name: 'ApiName', Value: api.name },
      { Name: 'Stage', Value: ctx.stage },
    ];
    const apiMetric = (id, metricName, stat) => ({
      Id: id,
      ReturnData: false,
      MetricStat: {
        Metric: { Namespace: 'AWS/ApiGateway', MetricName: metricName, Dimensions: apiDimensions },
        Period: 60,
        Stat: stat,
      },
    });
    add('Api5xxRateAlarm', {
      name: 'api-5xx-rate',
      description: `More than ${ctx.thresholds.api5xxPercent} % of requests answered 5xx (2 of 3 minutes, at least 10 requests a minute).`,
      runbook: 'alarm-api-5xx-rate',
      Metrics: [
        apiMetric('errors', '5XXError', 'Sum'),
        apiMetric('requests', 'Count', 'Sum'),
        {
          Id: 'rate',
          Label: '5xx %',
          ReturnData: true,
          Expression: 'IF(FILL(requests, 0) >= 10, 100 * FILL(errors, 0) / requests, 0)',
        },
      ],
      Threshold: ctx.thresholds.api5xxPercent,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    if (ctx.hasWebhook)
      add('WebhookLatencyP99Alarm', {
        name: 'webhook-latency-p99',
        description: `Webhook p99 latency above ${ctx.thresholds.webhookP99Ms} ms: Meta retries slow deliveries and disables the webhook after repeated failures.`,
        runbook: 'alarm-webhook-latency-p99',
        Namespace: 'AWS/ApiGateway',
        MetricName: 'Latency',
        Dimensions: apiDimensions,
        ExtendedStatistic: 'p99',
        Period: 300,
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        Threshold: ctx.thresholds.webhookP99Ms,
        ComparisonOperator: 'GreaterThanThreshold',
      });
  }

  const stackMetrics = new Set(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((r) => r.Properties.MetricName),
  );
  const superseded = (m) => m.unlessStackAlarmsOn !== undefined && stackMetrics.has(m.unlessStackAlarmsOn);
  for (const a of METRIC_ALARMS.filter((m) => m.when(ctx) && !superseded(m)))
    add(a.id, {
      name: a.name,
      description: a.description,
      runbook: a.runbook,
      Namespace: METRICS_NAMESPACE,
      MetricName: a.metric,
      Dimensions: [
        { Name: 'service', Value: ctx.service },
        ...Object.entries(a.dimensions).map(([Name, Value]) => ({ Name, Value })),
      ],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: a.threshold(ctx),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });

  for (const queueId of deadLetterQueues(template).filter((id) => !alreadyWatched.has(id)))
    add(`${queueId}DepthAlarm`, {
      name: `${queueId}-depth`,
      description: `Messages are waiting in ${queueId}: events failed after every retry and need a replay.`,
      runbook: 'alarm-dlq-depth',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
}

module.exports = { addAlarms, ensureAlarmTopic, deadLetterQueues, METRICS_NAMESPACE, METRIC_ALARMS };
