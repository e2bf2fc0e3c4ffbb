import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE } from '../../lambda/domain/ops/metrics.ts';
import { STREAM_NAMES } from '../../lambda/domain/streams.ts';
import { ALARM_THRESHOLDS as T } from '../../lib/observability/alarm-thresholds.ts';
import { buildPlatform } from '../../lib/platform-app.ts';

/** The whole app, bundling skipped (`npm run synth` bundles for real). */
function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildPlatform(app);
  return { stacks, template: Template.fromStack(stacks.observability) };
}

interface AlarmProps {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ComparisonOperator: string;
  AlarmActions: unknown[];
  Metrics?: { MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[];
}

const { stacks, template } = synth();
const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties as AlarmProps);
/** Namespace and metric of an alarm, whether on a metric or on a math expression over one. */
const metricOf = (alarm: AlarmProps) => {
  const stat = alarm.Metrics?.find((m) => m.MetricStat)?.MetricStat?.Metric;
  return { namespace: alarm.Namespace ?? stat?.Namespace, name: alarm.MetricName ?? stat?.MetricName };
};
const alarmsOn = (namespace: string, name: string) =>
  alarms.filter((alarm) => {
    const metric = metricOf(alarm);
    return metric.namespace === namespace && metric.name === name;
  });
const dashboardBody = () => {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  return JSON.stringify(Stack.of(stacks.observability).resolve(dashboard?.Properties.DashboardBody));
};

describe('ObservabilityStack', () => {
  it('draws one dashboard for the platform, a section per stage', () => {
    // Assess
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'sdp-platform' });
    const body = dashboardBody();
    for (const section of [
      'Ingestion API',
      'Kinesis streams',
      'Aggregation (Managed Service for Apache Flink)',
      'Reports writer and report table',
      'Data lake: delivery, file registration, compaction',
      'Retraining, endpoint and predictions',
      'Freshness canary and failed events',
    ]) {
      expect(body).toContain(`# ${section}`);
    }
    for (const widget of [
      'Rows written, stale writes skipped',
      'Holdout AUC: candidate and serving model',
      'Gate decisions',
      'Canary: bid sent to report row written (ms)',
      'Failed events: records refused after ingestion',
      'Partitions, files and rows merged, files deleted',
    ]) {
      expect(body).toContain(widget);
    }
    expect(body).toContain(`\\"${METRICS_NAMESPACE}\\",\\"ReportRowsWritten\\",\\"service\\",\\"reports-writer\\"`);
  });

  it('sends every alarm to the one alarm topic', () => {
    // Assess
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topic).toHaveLength(1);
    expect(alarms.length).toBeGreaterThan(40);
    for (const alarm of alarms) expect(alarm.AlarmActions).toStrictEqual([{ Ref: topic[0] }]);
  });

  it.each([
    ['AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds', T.iteratorAgeMs.value, STREAM_NAMES.length],
    ['AWS/Kinesis', 'PutRecords.FailedRecords', T.putRecordsFailed.value, STREAM_NAMES.length],
    ['AWS/Kinesis', 'ReadProvisionedThroughputExceeded', T.throttledRecords.value, STREAM_NAMES.length],
    ['AWS/Kinesis', 'WriteProvisionedThroughputExceeded', T.throttledRecords.value, STREAM_NAMES.length],
    ['AWS/KinesisAnalytics', 'downtime', T.flinkDowntimeMs.value, 1],
    ['AWS/KinesisAnalytics', 'fullRestarts', T.flinkFullRestarts.value, 1],
    ['AWS/KinesisAnalytics', 'numberOfFailedCheckpoints', T.flinkFailedCheckpoints.value, 1],
    ['AWS/KinesisAnalytics', 'millisBehindLatest', T.flinkMillisBehindMs.value, 1],
    ['AWS/Lambda', 'IteratorAge', T.iteratorAgeMs.value, 1],
    ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', T.dlqMessages.value, 1],
    ['AWS/DynamoDB', 'ReadThrottleEvents', T.dynamoThrottles.value, 1],
    ['AWS/DynamoDB', 'WriteThrottleEvents', T.dynamoThrottles.value, 1],
    ['AWS/Firehose', 'DeliveryToS3.DataFreshness', T.firehoseFreshnessS.value, 2 * STREAM_NAMES.length],
    ['AWS/Firehose', 'DeliveryToS3.Success', T.firehoseDeliverySuccess.value, 2 * STREAM_NAMES.length],
    ['AWS/Firehose', 'FailedConversion.Records', T.firehoseFailedConversions.value, STREAM_NAMES.length],
    ['AWS/States', 'ExecutionsFailed', T.retrainingFailures.value, 1],
    ['AWS/SageMaker', 'Invocation5XXErrors', T.endpointErrors.value, 1],
    [METRICS_NAMESPACE, 'CompactionFailures', T.compactionFailures.value, 1],
    [METRICS_NAMESPACE, 'CanaryLatency', T.canaryLatencyMs.value, 1],
    [METRICS_NAMESPACE, 'CanaryMisses', T.canaryMisses.value, 1],
    [METRICS_NAMESPACE, 'ModelAgeSeconds', T.modelAgeS.value, 1],
  ])('alarms on %s %s at %d (%d alarms)', (namespace, name, threshold, count) => {
    // Assess
    const found = alarmsOn(namespace, name);
    expect(found).toHaveLength(count);
    for (const alarm of found) expect(alarm.Threshold).toBe(threshold);
  });

  it('alarms when Firehose delivery success drops below 1 and on the other signals above their threshold', () => {
    // Assess
    for (const alarm of alarmsOn('AWS/Firehose', 'DeliveryToS3.Success')) {
      expect(alarm.ComparisonOperator).toBe('LessThanThreshold');
    }
    for (const [namespace, name] of [
      ['AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds'],
      ['AWS/Firehose', 'DeliveryToS3.DataFreshness'],
      [METRICS_NAMESPACE, 'CanaryLatency'],
    ] as const) {
      for (const alarm of alarmsOn(namespace, name)) expect(alarm.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it('alarms on 5XX of each API, the Lambda errors of every function it watches, and API p99 latency', () => {
    // Assess
    expect(alarmsOn('AWS/ApiGateway', '5XXError')).toHaveLength(3);
    expect(alarmsOn('AWS/ApiGateway', 'Latency')).toHaveLength(1);
    expect(alarmsOn('AWS/ApiGateway', 'Latency')[0]?.Threshold).toBe(T.apiLatencyP99Ms.value);
    // Reports writer, file registration, compaction, predict, canary, failed-writes recorder.
    expect(alarmsOn('AWS/Lambda', 'Errors')).toHaveLength(6);
  });

  it('documents a source for every threshold', () => {
    for (const [name, threshold] of Object.entries(T)) {
      expect(threshold.source.length, name).toBeGreaterThan(10);
    }
  });

  it('e-mails the alarms to the address sdp:alarmEmail gives, and to nobody by default', () => {
    // Act
    const { template: withEmail } = synth({ 'sdp:alarmEmail': 'oncall@example.com' });

    // Assess
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    withEmail.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    expect(() => synth({ 'sdp:alarmEmail': 'oncall' })).toThrow(
      'sdp:alarmEmail must be an e-mail address, got "oncall"',
    );
  });

  it('runs the freshness canary every minute against the report row of its window', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Freshness canary: a synthetic bid per minute, traced to its report row',
      Timeout: 200,
      Environment: {
        Variables: Match.objectLike({
          BCNS_STREAM_NAME: Match.anyValue(),
          REPORTS_TABLE_NAME: Match.anyValue(),
          PERIOD_SECONDS: '60',
          CANARY_TIMEOUT_SECONDS: '170',
          CURRENT_MODEL_PARAMETER: Match.anyValue(),
        }),
      },
    });
  });

  it('leaves the canary out when sdp:canary is false', () => {
    // Act
    const { template: without } = synth({ 'sdp:canary': false });

    // Assess
    const canaryAlarms = (t: Template) =>
      Object.values(t.findResources('AWS::CloudWatch::Alarm'))
        .map((a) => metricOf(a.Properties as AlarmProps).name)
        .filter((name) => name === 'CanaryLatency' || name === 'CanaryMisses' || name === 'ModelAgeSeconds');
    expect(Object.keys(without.findResources('AWS::Events::Rule'))).toHaveLength(0);
    expect(canaryAlarms(without)).toStrictEqual([]);
    expect(canaryAlarms(template)).toStrictEqual(['CanaryLatency', 'CanaryMisses', 'ModelAgeSeconds']);
  });

  it('drains the reports writer’s dead-letter queue into failed_events, batch items failing alone', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: {
        'Fn::ImportValue': Match.stringLikeRegexp('^SdpReports:ExportsOutputFnGetAttWriterDeadLetters'),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Stores report writes sent to the dead-letter queue as failed events',
      Timeout: 30,
      Environment: { Variables: Match.objectLike({ FAILED_EVENTS_STREAM_NAME: Match.anyValue() }) },
    });
  });

  it('gives the canary and the recorder only the calls they make', () => {
    // Assess
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const actions = statements.flatMap((s) => [s.Action].flat()).sort();
    expect([...new Set(actions)]).toStrictEqual([
      'dynamodb:GetItem',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:PutRecord',
      'kinesis:PutRecords',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
      'ssm:DescribeParameters',
      'ssm:GetParameter',
      'ssm:GetParameterHistory',
      'ssm:GetParameters',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});

describe('every Lambda of the platform', () => {
  it('logs JSON at INFO', () => {
    // Assess
    const functions = Object.values(stacks).flatMap((stack) =>
      Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter(
        // aws-cdk-lib's own functions (custom resource providers and their frameworks) log as the library sets
        ([id]) =>
          !/^(AWS|CustomResource|CustomS3AutoDeleteObjects|LogRetention|BucketNotifications)|Providerframework/.test(
            id,
          ),
      ),
    );
    const ours = functions.filter(([, fn]) => fn.Properties.Runtime === 'nodejs24.x');
    expect(ours.length).toBeGreaterThan(10);
    for (const [id, fn] of ours) {
      expect(fn.Properties.LoggingConfig, id).toStrictEqual({
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'INFO',
        LogGroup: expect.anything(),
      });
    }
  });
});
