import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { REPORT_KEYS } from '../../lambda/adapters/report-store.ts';
import type { AggregationSettings } from '../../lambda/domain/aggregation/aggregation-config.ts';
import {
  DRIFT_METRICS,
  METRICS_NAMESPACE,
  RECONCILIATION_SERVICE,
} from '../../lambda/domain/lifecycle/reconciliation.ts';
import { LAKE_ENV } from '../../lambda/lake/lake-config.ts';
import { LIFECYCLE_ENV } from '../../lambda/lifecycle/lifecycle-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { grantLakeAccess } from '../lake/lake-access.ts';

export interface ReportReconciliationProps {
  readonly bucket: s3.IBucket;
  /** The live report table (the reports stack's). */
  readonly reportTable: dynamodb.ITableV2;
  /** The Flink job's aggregation settings, which the replay uses too. */
  readonly aggregation: AggregationSettings;
  /** The Flink job's watermark bound. @default 5000 (the job's default) */
  readonly outOfOrdernessMs?: number;
  /** EventBridge schedule of the daily run (each compares the UTC day before). @default 'cron(0 2 * * ? *)' */
  readonly schedule?: string;
  /** Replays run in parallel, split by tx_id hash. @default 1 */
  readonly shards?: number;
  /** Drifted windows a run tolerates before the drift alarm fires. @default 0 */
  readonly driftThreshold?: number;
  /** Told when the alarms fire. @default none */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * The daily reconciliation of the reports with the lake (SPEC.md §10): a state machine replays the
 * previous day's `raw_bcns` with the shared TypeScript core (one Lambda per tx_id shard, over S3),
 * writes the windows to a shadow table, compares the live table with it, publishes the drift as
 * metrics (embedded metric format) and repairs the live table when started with `"apply": true`.
 * An operator starts it for any range with `{"from": "...", "to": "...", "apply": false}`.
 */
export class ReportReconciliation extends Construct {
  readonly shadowTable: dynamodb.TableV2;
  readonly replayFunction: lambda.Function;
  readonly compareFunction: lambda.Function;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: events.Rule;
  readonly driftAlarm: cloudwatch.Alarm;
  readonly failureAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReportReconciliationProps) {
    super(scope, id);
    const { bucket, reportTable, shards = 1, driftThreshold = 0 } = props;
    if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
      throw new Error(`shards must be an integer from 1 to 64. Received ${shards}`);
    }
    this.shadowTable = new dynamodb.TableV2(this, 'ShadowTable', {
      partitionKey: { name: REPORT_KEYS.partitionKey, type: dynamodb.AttributeType.NUMBER },
      sortKey: { name: REPORT_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: 'expires_at',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.shadowTable, [
      {
        id: 'AwsSolutions-DDB3',
        reason: 'The shadow table holds replayed windows, recomputed from the lake on every run.',
      },
    ]);
    const common = {
      [LAKE_ENV.bucket]: bucket.bucketName,
      [LIFECYCLE_ENV.aggregation]: JSON.stringify(props.aggregation),
      [LIFECYCLE_ENV.outOfOrdernessMs]: String(props.outOfOrdernessMs ?? 5000),
    };
    this.replayFunction = new SdpFunction(this, 'Replay', {
      entry: 'lambda/lifecycle/replay-shard.ts',
      description: 'Replays a day of raw_bcns (one tx_id shard) with the shared aggregation core',
      memorySize: 3008,
      timeout: Duration.minutes(15),
      environment: common,
    }).function;
    grantLakeAccess(this.replayFunction, bucket, { read: ['raw/*'], write: ['lifecycle/replay/*'] });
    this.compareFunction = new SdpFunction(this, 'Compare', {
      entry: 'lambda/lifecycle/compare-reports.ts',
      description: 'Compares the live reports with the replay, publishes the drift, repairs when asked',
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        ...common,
        [LIFECYCLE_ENV.reportTable]: reportTable.tableName,
        [LIFECYCLE_ENV.shadowTable]: this.shadowTable.tableName,
        [LIFECYCLE_ENV.shadowTtlDays]: '30',
      },
    }).function;
    grantLakeAccess(this.compareFunction, bucket, { read: ['lifecycle/replay/*'], delete: ['lifecycle/replay/*'] });
    reportTable.grant(this.compareFunction, 'dynamodb:Scan', 'dynamodb:PutItem');
    this.shadowTable.grant(this.compareFunction, 'dynamodb:Scan', 'dynamodb:BatchWriteItem');

    const shardList = Array.from({ length: shards }, (_, i) => i);
    const plan = new sfn.Pass(this, 'Plan the shards', {
      parameters: { 'input.$': '$', shards: shardList },
    });
    const replay = new tasks.LambdaInvoke(this, 'Replay a shard', {
      lambdaFunction: this.replayFunction,
      payloadResponseOnly: true,
    });
    replay.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2 });
    const replays = new sfn.Map(this, 'Replay the day', {
      itemsPath: '$.shards',
      maxConcurrency: shards,
      itemSelector: {
        'run_id.$': '$$.Execution.Name',
        'input.$': '$.input',
        'shard.$': '$$.Map.Item.Value',
        shards,
      },
      resultPath: '$.replays',
    }).itemProcessor(replay);
    const compare = new tasks.LambdaInvoke(this, 'Compare with the reports', {
      lambdaFunction: this.compareFunction,
      payload: sfn.TaskInput.fromObject({
        run_id: sfn.JsonPath.stringAt('$$.Execution.Name'),
        input: sfn.JsonPath.objectAt('$.input'),
        shards,
      }),
      payloadResponseOnly: true,
      resultPath: '$.drift',
    });
    compare.addRetry({ errors: ['States.ALL'], interval: Duration.seconds(30), maxAttempts: 2, backoffRate: 2 });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Streaming Data Platform: reconcile the reports with the lake',
      definitionBody: sfn.DefinitionBody.fromChainable(plan.next(replays).next(compare)),
      timeout: Duration.hours(2),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogs', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: true,
      },
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: "Reconciles the reports with the lake: the previous UTC day's windows",
      schedule: events.Schedule.expression(props.schedule ?? 'cron(0 2 * * ? *)'),
      targets: [
        new targets.SfnStateMachine(this.stateMachine, {
          input: events.RuleTargetInput.fromObject({ scheduled_at: events.EventField.time }),
          retryAttempts: 2,
        }),
      ],
    });

    const drifted = new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: DRIFT_METRICS.drifted,
      dimensionsMap: { service: RECONCILIATION_SERVICE },
      statistic: 'Maximum',
      period: Duration.days(1),
    });
    this.driftAlarm = drifted.createAlarm(this, 'DriftAlarm', {
      alarmDescription: `The reports and the lake disagree on more than ${driftThreshold} windows of a day (see the reconciliation's output: late events, erasures, or damage)`,
      threshold: driftThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.failureAlarm = this.stateMachine
      .metricFailed({ period: Duration.days(1), statistic: 'Sum' })
      .createAlarm(this, 'FailureAlarm', {
        alarmDescription: 'A reconciliation run failed: the drift of that day is unknown',
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    if (props.alarmTopic) {
      for (const alarm of [this.driftAlarm, this.failureAlarm])
        alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
    }

    NagSuppressions.addResourceSuppressions(
      this.stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Function ARNs with :* cover their versions; X-Ray and CloudWatch Logs delivery support no resource-level permissions.',
          appliesTo: [{ regex: '/^Resource::<.*(Replay|Compare).*\\.Arn>:\\*$/g' }, 'Resource::*'],
        },
      ],
      true,
    );
  }
}
