import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { OPS_ENV } from '../../lambda/ops/ops-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';

export interface FreshnessCanaryProps {
  readonly bcns: kinesis.IStream;
  readonly reportTable: dynamodb.ITable;
  /** The aggregation window, to find the canary's report row. */
  readonly periodSeconds: number;
  /** A probe waits this long for its report row before it counts a miss. @default 170 */
  readonly timeoutSeconds?: number;
  /** The serving model's record, for the model-age metric. */
  readonly currentModelParameter?: ssm.IStringParameter;
}

/**
 * The freshness canary: every minute a synthetic bid of the reserved campaign goes onto `bcns`, and
 * the function waits for its report row; the latency (or a miss) and the model's age are metrics.
 */
export class FreshnessCanary extends Construct {
  readonly function: lambda.IFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: FreshnessCanaryProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? 170;
    const fn = new SdpFunction(this, 'Function', {
      entry: 'lambda/ops/run-canary.ts',
      description: 'Freshness canary: a synthetic bid per minute, traced to its report row',
      timeout: Duration.seconds(timeoutSeconds + 30),
      environment: {
        [OPS_ENV.bcnsStream]: props.bcns.streamName,
        [OPS_ENV.reportTable]: props.reportTable.tableName,
        [OPS_ENV.periodSeconds]: String(props.periodSeconds),
        [OPS_ENV.canaryTimeoutSeconds]: String(timeoutSeconds),
        ...(props.currentModelParameter ? { [OPS_ENV.modelParameter]: props.currentModelParameter.parameterName } : {}),
      },
    }).function;
    props.bcns.grant(fn, 'kinesis:PutRecord');
    props.bcns.encryptionKey?.grantEncrypt(fn);
    props.reportTable.grant(fn, 'dynamodb:GetItem');
    props.currentModelParameter?.grantRead(fn);
    this.function = fn;
    this.schedule = new events.Rule(this, 'Schedule', {
      description: 'Starts a freshness canary probe every minute',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0 })],
    });
  }
}

export interface FailedWritesRecorderProps {
  /** The reports writer's on-failure destination. */
  readonly deadLetterQueue: sqs.IQueue;
  /** The stream the dead-lettered batches name. */
  readonly aggregates: kinesis.IStream;
  readonly failedEvents: kinesis.IStream;
}

/** Drains the reports writer's DLQ into `failed_events`, reading the named records back from `aggregates`. */
export class FailedWritesRecorder extends Construct {
  readonly function: lambda.IFunction;

  constructor(scope: Construct, id: string, props: FailedWritesRecorderProps) {
    super(scope, id);
    const fn = new SdpFunction(this, 'Function', {
      entry: 'lambda/ops/record-failed-writes.ts',
      description: 'Stores report writes sent to the dead-letter queue as failed events',
      // Within the queue's default 30 s visibility timeout, which Lambda requires of an SQS source.
      timeout: Duration.seconds(30),
      environment: { [OPS_ENV.failedEventsStream]: props.failedEvents.streamName },
    }).function;
    props.aggregates.grant(fn, 'kinesis:GetShardIterator', 'kinesis:GetRecords');
    props.aggregates.encryptionKey?.grantDecrypt(fn);
    props.failedEvents.grant(fn, 'kinesis:PutRecords');
    props.failedEvents.encryptionKey?.grantEncrypt(fn);
    fn.addEventSource(new SqsEventSource(props.deadLetterQueue, { batchSize: 10, reportBatchItemFailures: true }));
    this.function = fn;
  }
}
