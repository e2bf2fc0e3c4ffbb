import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { AggregationSettings } from '../../lambda/domain/aggregation/aggregation-config.ts';
import { ErasureService } from './erasure-service.ts';
import { ReportReconciliation } from './report-reconciliation.ts';

export interface LifecycleStackProps extends StackProps {
  /** The lake bucket (the catalog stack's). */
  readonly bucket: s3.IBucket;
  /** The DuckDB layer of the compaction function, which the erasure sweeps need too. */
  readonly duckDb: lambda.ILayerVersion;
  /** The live report table (the reports stack's). */
  readonly reportTable: dynamodb.ITableV2;
  readonly aggregation: AggregationSettings;
  /** `sdp:retentionHours`: how long an erasure stays pending. */
  readonly streamRetentionHours: number;
  /** Firehose's buffering, seconds: part of the longest delay to the lake. @default 300 */
  readonly lakeBufferSeconds?: number;
  /** The compaction's grace period, minutes. @default 15 */
  readonly graceMinutes?: number;
  /** @default 'cron(0 2 * * ? *)' */
  readonly reconcileSchedule?: string;
  /** @default 1 */
  readonly reconcileShards?: number;
  /** @default 0 */
  readonly driftThreshold?: number;
  /** @default none */
  readonly alarmTopic?: sns.ITopic;
}

/** The data lifecycle (SPEC.md §10): erasure by app_uid and the daily reconciliation of the reports. */
export class LifecycleStack extends Stack {
  readonly erasure: ErasureService;
  readonly reconciliation: ReportReconciliation;

  constructor(scope: Construct, id: string, props: LifecycleStackProps) {
    super(scope, id, props);
    const graceMinutes = props.graceMinutes ?? 15;
    this.erasure = new ErasureService(this, 'Erasure', {
      bucket: props.bucket,
      duckDb: props.duckDb,
      streamRetentionHours: props.streamRetentionHours,
      deliveryMinutes: Math.ceil((props.lakeBufferSeconds ?? 300) / 60) + graceMinutes,
      graceMinutes,
    });
    this.reconciliation = new ReportReconciliation(this, 'Reconciliation', {
      bucket: props.bucket,
      reportTable: props.reportTable,
      aggregation: props.aggregation,
      schedule: props.reconcileSchedule,
      shards: props.reconcileShards,
      driftThreshold: props.driftThreshold,
      alarmTopic: props.alarmTopic,
    });
    new CfnOutput(this, 'UrlForErasures', {
      value: this.erasure.api.url,
      description: 'Erasure API (IAM): POST <url>/erasures {"app_uids": [...]}, GET <url>/erasures/<erasure_id>',
    });
    new CfnOutput(this, 'ReconciliationStateMachine', {
      value: this.reconciliation.stateMachine.stateMachineArn,
      description: 'Start with {"from": "...", "to": "...", "apply": true|false} to replay any range',
    });
  }
}
