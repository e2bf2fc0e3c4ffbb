import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { MAX_ERASURE_IDS } from '../../lambda/domain/lifecycle/erasure-request.ts';
import { DRIFT_METRICS, METRICS_NAMESPACE } from '../../lambda/domain/lifecycle/reconciliation.ts';
import { buildPlatform } from '../../lib/platform-app.ts';

/** The whole app, bundling skipped (`npm run synth` bundles for real). */
function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = buildPlatform(app);
  return { stacks, template: Template.fromStack(stacks.lifecycle) };
}

type Json = unknown;

/**
 * A policy resource as a short name: `lake/raw/*` for a key pattern of the lake bucket, `lake` for
 * the bucket, `reports` for the live report table, the logical id's prefix for this stack's own.
 */
function resourceName(resource: Json): string {
  const text = JSON.stringify(resource);
  const join = /^\{"Fn::Join":\["",\[(.*),"(.*)"\]\]\}$/.exec(text);
  if (join) return `${resourceName(JSON.parse(join[1] as string))}${join[2]}`;
  if (/SdpCatalog:ExportsOutputFnGetAttLake\w*Arn/.test(text)) return 'lake';
  if (/SdpReports:ExportsOutputFnGetAttTable\w*Arn/.test(text)) return 'reports';
  const own = /^\{"(?:Ref|Fn::GetAtt)":\[?"([A-Za-z]+?)[0-9A-F]{8}"/.exec(text);
  if (own) return own[1] as string;
  return text;
}

/** Every `action resource` pair the role of `rolePrefix` is allowed, sorted; X-Ray's and log delivery's left out. */
function permissions(template: Template, rolePrefix: string): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
    (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
  );
  expect(policies).toHaveLength(1);
  const [policy] = policies;
  if (!policy) return [];
  const pairs: string[] = [];
  for (const statement of policy.Properties.PolicyDocument.Statement as {
    Effect: string;
    Action: string | string[];
    Resource: Json | Json[];
  }[]) {
    expect(statement.Effect).toBe('Allow');
    const actions = [statement.Action].flat();
    if (actions.every((action) => action.startsWith('xray:') || action.startsWith('logs:'))) continue;
    for (const action of actions)
      for (const resource of [statement.Resource].flat()) pairs.push(`${action} ${resourceName(resource)}`);
  }
  return pairs.sort();
}

describe('LifecycleStack', () => {
  const { template } = synth();

  it('serves erasure requests only to IAM-signed callers, with the body checked before the function runs', () => {
    // Assess
    template.resourceCountIs('AWS::ApiGateway::Method', 2);
    for (const method of ['POST', 'GET']) {
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        HttpMethod: method,
        AuthorizationType: 'AWS_IAM',
        RequestValidatorId: Match.anyValue(),
      });
    }
    template.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: {
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['app_uids'],
        additionalProperties: false,
        properties: {
          app_uids: {
            type: 'array',
            minItems: 1,
            maxItems: MAX_ERASURE_IDS,
            items: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 }),
      ]),
    });
  });

  it('records a request with the stream retention and the delivery delay it stays pending for', () => {
    // Assess: sdp:retentionHours 24 by default; Firehose's 300 s buffer plus the 15-minute grace.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'POST /erasures and GET /erasures/{erasure_id}',
      Environment: {
        Variables: Match.objectLike({
          STREAM_RETENTION_HOURS: '24',
          DELIVERY_MINUTES: '20',
          ERASURE_STATE_MACHINE_ARN: { Ref: Match.stringLikeRegexp('^ErasureStateMachine') },
        }),
      },
    });
  });

  it('sweeps with a state machine that retries, waits while the lake is busy and stops after a day', () => {
    // Assess
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const erasure = Object.entries(machines).find(([id]) => id.startsWith('ErasureStateMachine'))?.[1];
    const definition = JSON.stringify(erasure?.Properties.DefinitionString);
    expect(definition).toContain('\\"TimeoutSeconds\\":86400');
    expect(definition).toContain('\\"Seconds\\":60');
    expect(definition).toContain('\\"Variable\\":\\"$.sweep.finished\\",\\"BooleanEquals\\":true');
    expect(definition).toContain('\\"MaxAttempts\\":5');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Sweeps the lake for pending erasures'),
      Timeout: 900,
      MemorySize: 3008,
      EphemeralStorage: { Size: 10240 },
      Environment: { Variables: Match.objectLike({ GRACE_MINUTES: '15', HOME: '/tmp' }) },
    });
  });

  it('reconciles the previous day every night at 02:00 UTC, into a shadow table whose rows expire', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^ReconciliationStateMachine') },
          InputTransformer: { InputPathsMap: { time: '$.time' }, InputTemplate: '{"scheduled_at":<time>}' },
          RetryPolicy: { MaximumRetryAttempts: 2 },
        }),
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'campaign_item_id', KeyType: 'HASH' },
        { AttributeName: 'period', KeyType: 'RANGE' },
      ],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^Replays a day of raw_bcns'),
      Environment: {
        Variables: Match.objectLike({
          AGGREGATION_SETTINGS:
            '{"period_seconds":60,"attribution_window_seconds":300,"click_window_seconds":900,"allowed_lateness_seconds":5}',
          OUT_OF_ORDERNESS_MS: '5000',
        }),
      },
    });
  });

  it('alarms on drift and on a failed run, to the platform’s alarm topic', () => {
    // Assess
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    const topic = { 'Fn::ImportValue': Match.stringLikeRegexp('^SdpObservability:ExportsOutputRefAlarms') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: DRIFT_METRICS.drifted,
      Dimensions: [{ Name: 'service', Value: 'reconciliation' }],
      Statistic: 'Maximum',
      Period: 86_400,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topic],
    });
  });

  describe('grants each principal exactly what it calls', () => {
    it.each([
      [
        'ErasureRequest',
        [
          's3:GetObject lake/lifecycle/*',
          's3:ListBucket lake',
          's3:PutObject lake/lifecycle/*',
          'states:StartExecution ErasureStateMachine',
        ],
      ],
      [
        'ErasureSweep',
        [
          ...['compaction/*', 'lifecycle/erasures/*'].map((p) => `s3:DeleteObject lake/${p}`),
          ...['raw/*', 'parquet/*', 'manifests/*', 'errors/*', 'compaction/*', 'lifecycle/*'].flatMap((p) => [
            `s3:GetObject lake/${p}`,
            `s3:PutObject lake/${p}`,
          ]),
          's3:ListBucket lake',
        ].sort(),
      ],
      ['ErasureStateMachineRole', ['lambda:InvokeFunction ErasureSweep', 'lambda:InvokeFunction ErasureSweep:*']],
      [
        'ReconciliationReplay',
        ['s3:GetObject lake/raw/*', 's3:ListBucket lake', 's3:PutObject lake/lifecycle/replay/*'],
      ],
      [
        'ReconciliationCompare',
        [
          'dynamodb:BatchWriteItem ReconciliationShadowTable',
          'dynamodb:PutItem reports',
          'dynamodb:Scan ReconciliationShadowTable',
          'dynamodb:Scan reports',
          's3:DeleteObject lake/lifecycle/replay/*',
          's3:GetObject lake/lifecycle/replay/*',
          's3:ListBucket lake',
        ],
      ],
      [
        'ReconciliationStateMachineRole',
        [
          'lambda:InvokeFunction ReconciliationCompare',
          'lambda:InvokeFunction ReconciliationCompare:*',
          'lambda:InvokeFunction ReconciliationReplay',
          'lambda:InvokeFunction ReconciliationReplay:*',
        ],
      ],
      ['ReconciliationStateMachineEventsRole', ['states:StartExecution ReconciliationStateMachine']],
    ])('%s', (role, expected) => {
      const normalized = permissions(template, role).map((p) =>
        p.replace(/ (\w+?)([0-9A-F]{8})?(\/.*|:\*)?$/, ' $1$3'),
      );
      expect(normalized).toStrictEqual(expected);
    });
  });

  it('replays in as many tx_id shards as sdp:reconcileShards says, on the schedule and threshold given', () => {
    // Act
    const { template: custom } = synth({
      'sdp:reconcileShards': '4',
      'sdp:reconcileSchedule': 'cron(30 3 * * ? *)',
      'sdp:reconcileDriftThreshold': '12',
    });

    // Assess
    custom.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 3 * * ? *)' });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: DRIFT_METRICS.drifted, Threshold: 12 });
    const machines = custom.findResources('AWS::StepFunctions::StateMachine');
    const reconciliation = Object.entries(machines).find(([id]) => id.startsWith('ReconciliationStateMachine'))?.[1];
    const definition = JSON.stringify(reconciliation?.Properties.DefinitionString);
    expect(definition).toContain('\\"shards\\":[0,1,2,3]');
    expect(definition).toContain('\\"MaxConcurrency\\":4');
  });

  it('refuses a shard count outside 1..64 with the context key named', () => {
    expect(() => synth({ 'sdp:reconcileShards': '65' })).toThrow(/sdp:reconcileShards/);
  });
});
