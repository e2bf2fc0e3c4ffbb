import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { LAKE_ENV } from '../../lambda/lake/lake-config.ts';
import { LIFECYCLE_ENV } from '../../lambda/lifecycle/lifecycle-config.ts';
import { SdpFunction } from '../constructs/sdp-function.ts';
import { DUCKDB_ENVIRONMENT, duckDbFunction } from '../lake/duckdb-layer.ts';
import { grantLakeAccess, LAKE_MAINTENANCE } from '../lake/lake-access.ts';
import { ErasureApi } from './erasure-api.ts';

export interface ErasureServiceProps {
  readonly bucket: s3.IBucket;
  /** The DuckDB layer the Parquet rewrites need (the compaction's). */
  readonly duckDb: lambda.ILayerVersion;
  /** Hours records stay on the streams (`sdp:retentionHours`): how long an erasure stays pending. */
  readonly streamRetentionHours: number;
  /** Longest delay from a stream to a lake file (Firehose buffering plus the compaction's grace), minutes. */
  readonly deliveryMinutes: number;
  /** How long replaced Parquet files outlive their readers (the compaction's grace), minutes. */
  readonly graceMinutes: number;
}

/**
 * Erasure on AWS (SPEC.md §10): the IAM-authenticated API records a request (salted hashes only)
 * and starts a state machine that sweeps the lake with the same TypeScript core as `sdp erase`,
 * a Lambda invocation at a time until the first sweep is done; the hourly compaction runs sweep
 * what arrives later while the erasure is pending. Its input is the erasure id alone.
 */
export class ErasureService extends Construct {
  readonly api: ErasureApi;
  readonly requestFunction: lambda.Function;
  readonly sweepFunction: lambda.Function;
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ErasureServiceProps) {
    super(scope, id);
    const { bucket } = props;
    this.sweepFunction = new SdpFunction(this, 'Sweep', {
      entry: 'lambda/lifecycle/erase-lake.ts',
      description: 'Sweeps the lake for pending erasures: raw, error and Parquet objects rewritten without their rows',
      ...duckDbFunction(props.duckDb),
      memorySize: 3008,
      ephemeralStorageSize: Size.gibibytes(10),
      timeout: Duration.minutes(15),
      environment: {
        [LAKE_ENV.bucket]: bucket.bucketName,
        [LIFECYCLE_ENV.graceMinutes]: String(props.graceMinutes),
        ...DUCKDB_ENVIRONMENT,
      },
    }).function;
    grantLakeAccess(this.sweepFunction, bucket, {
      read: [...LAKE_MAINTENANCE.read],
      write: [...LAKE_MAINTENANCE.write],
      delete: [...LAKE_MAINTENANCE.delete],
    });

    const sweep = new tasks.LambdaInvoke(this, 'Sweep the lake', {
      lambdaFunction: this.sweepFunction,
      payload: sfn.TaskInput.fromObject({ erasure_id: sfn.JsonPath.stringAt('$.erasure_id') }),
      payloadResponseOnly: true,
      resultPath: '$.sweep',
    });
    sweep.addRetry({ errors: ['States.ALL'], interval: Duration.minutes(1), maxAttempts: 5, backoffRate: 2 });
    const definition = sweep.next(
      new sfn.Choice(this, 'First sweep done?')
        .when(sfn.Condition.booleanEquals('$.sweep.finished', true), new sfn.Succeed(this, 'Erased from the lake'))
        .otherwise(
          new sfn.Wait(this, 'Lake busy or sweep unfinished', {
            time: sfn.WaitTime.duration(Duration.minutes(1)),
          }).next(sweep),
        ),
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Streaming Data Platform: sweep the lake for an erasure request',
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      timeout: Duration.days(1),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'StateMachineLogs', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        // The execution data is the erasure id and the sweep's counts: no id is ever in it.
        includeExecutionData: true,
      },
    });

    this.requestFunction = new SdpFunction(this, 'Request', {
      entry: 'lambda/lifecycle/request-erasure.ts',
      description: 'POST /erasures and GET /erasures/{erasure_id}',
      environment: {
        [LAKE_ENV.bucket]: bucket.bucketName,
        [LIFECYCLE_ENV.streamRetentionHours]: String(props.streamRetentionHours),
        [LIFECYCLE_ENV.deliveryMinutes]: String(props.deliveryMinutes),
        [LIFECYCLE_ENV.erasureStateMachine]: this.stateMachine.stateMachineArn,
      },
    }).function;
    grantLakeAccess(this.requestFunction, bucket, { read: ['lifecycle/*'], write: ['lifecycle/*'] });
    this.stateMachine.grantStartExecution(this.requestFunction);
    this.api = new ErasureApi(this, 'Api', { handler: this.requestFunction });

    NagSuppressions.addResourceSuppressions(
      this.stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'The sweep function ARN with :* covers its versions; X-Ray and CloudWatch Logs delivery support no resource-level permissions.',
          appliesTo: [{ regex: '/^Resource::<.*Sweep.*\\.Arn>:\\*$/g' }, 'Resource::*'],
        },
      ],
      true,
    );
  }
}
