import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as flink from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { type AggregationSettings, AWS_DEFAULTS } from '../../lambda/domain/aggregation/aggregation-config.ts';
import { AGGREGATION_PROPERTIES, flinkPropertyGroups } from '../../lambda/domain/settings/flink.ts';
import { flinkJobJar } from './flink-job-jar.ts';

export interface ProcessorStackProps extends StackProps {
  readonly bcns: kinesis.IStream;
  readonly impressions: kinesis.IStream;
  readonly clicks: kinesis.IStream;
  readonly aggregates: kinesis.IStream;
  /** @default 'sdp' */
  readonly prefix?: string;
  /** Aggregation semantics, as in SPEC.md §5. @default AWS_DEFAULTS (60 s windows) */
  readonly aggregation?: AggregationSettings;
  /** Starting parallelism (KPUs at one task slot each). @default 1 */
  readonly parallelism?: number;
  /** Let Managed Flink scale parallelism with CPU. @default true */
  readonly autoScaling?: boolean;
  /** How far the watermark trails the newest event; must cover API Gateway hosts' clock skew. @default 5 */
  readonly outOfOrdernessSeconds?: number;
  /** A shard idle this long stops holding the watermark back. @default 10 */
  readonly idlenessSeconds?: number;
  /** The job jar; built from flink-job/ with Maven when absent. */
  readonly jobJar?: s3assets.Asset;
}

/** Flink runtime of Managed Service for Apache Flink that the job is built for (flink-job/pom.xml). */
export const FLINK_RUNTIME = 'FLINK-1_19';
const CHECKPOINT_INTERVAL = Duration.minutes(1);

/**
 * The aggregation processor on AWS: the flink-job jar on Managed Service for Apache Flink, reading
 * `bcns` and writing `impressions`, `clicks` and `aggregates`, with checkpoints, snapshots and
 * alarms on downtime, failed checkpoints and consumer lag.
 */
export class ProcessorStack extends Stack {
  readonly application: flink.CfnApplication;
  readonly role: iam.Role;
  readonly alarms: cloudwatch.Alarm[];
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: ProcessorStackProps) {
    super(scope, id, props);
    const { prefix = 'sdp', aggregation = AWS_DEFAULTS, parallelism = 1, autoScaling = true } = props;
    const {
      outOfOrdernessSeconds = AGGREGATION_PROPERTIES.outOfOrdernessSeconds.default,
      idlenessSeconds = AGGREGATION_PROPERTIES.idlenessSeconds.default,
    } = props;
    if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 64) {
      throw new Error(`parallelism must be an integer from 1 to 64. Received ${parallelism}`);
    }
    const jar = props.jobJar ?? flinkJobJar(this, 'JobJar');
    const applicationName = `${prefix}-aggregation`;

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const logStream = new logs.LogStream(this, 'LogStream', { logGroup, removalPolicy: RemovalPolicy.DESTROY });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com'),
      description: 'The aggregation job: reads bcns, writes impressions, clicks and aggregates',
    });
    props.bcns.grantRead(this.role);
    for (const stream of [props.impressions, props.clicks, props.aggregates]) stream.grantWrite(this.role);
    jar.grantRead(this.role);
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:DescribeLogStreams', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn, `${logGroup.logGroupArn.replace(/:\*$/, '')}:log-stream:*`],
      }),
    );

    this.application = new flink.CfnApplication(this, 'Application', {
      applicationName,
      applicationDescription: 'Streaming Data Platform aggregation (flink-job)',
      runtimeEnvironment: FLINK_RUNTIME,
      serviceExecutionRole: this.role.roleArn,
      applicationConfiguration: {
        applicationCodeConfiguration: {
          codeContent: { s3ContentLocation: { bucketArn: jar.bucket.bucketArn, fileKey: jar.s3ObjectKey } },
          codeContentType: 'ZIPFILE',
        },
        applicationSnapshotConfiguration: { snapshotsEnabled: true },
        flinkApplicationConfiguration: {
          checkpointConfiguration: {
            configurationType: 'CUSTOM',
            checkpointingEnabled: true,
            checkpointInterval: CHECKPOINT_INTERVAL.toMilliseconds(),
            minPauseBetweenCheckpoints: 5000,
          },
          monitoringConfiguration: { configurationType: 'CUSTOM', logLevel: 'INFO', metricsLevel: 'APPLICATION' },
          parallelismConfiguration: {
            configurationType: 'CUSTOM',
            parallelism,
            parallelismPerKpu: 1,
            autoScalingEnabled: autoScaling,
          },
        },
        environmentProperties: {
          propertyGroups: flinkPropertyGroups({
            aggregation,
            outOfOrdernessSeconds,
            idlenessSeconds,
            streams: {
              bcns: props.bcns.streamArn,
              impressions: props.impressions.streamArn,
              clicks: props.clicks.streamArn,
              aggregates: props.aggregates.streamArn,
            },
          }),
        },
      },
    });
    this.application.node.addDependency(this.role);
    const logging = new flink.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName,
      cloudWatchLoggingOption: {
        logStreamArn: `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:${logGroup.logGroupName}:log-stream:${logStream.logStreamName}`,
      },
    });
    logging.addDependency(this.application);

    this.#startOnCreate(applicationName, logging);
    this.alarmTopic = new sns.Topic(this, 'Alarms', { enforceSSL: true, masterKey: undefined });
    this.alarms = this.#alarms(applicationName);
    new CfnOutput(this, 'ApplicationName', { value: applicationName, description: 'Managed Flink application' });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Subscribe to be told of alarms',
    });
    this.#suppressFindings();
  }

  /** CloudFormation creates the application stopped; start it once, from the latest snapshot if any. */
  #startOnCreate(applicationName: string, after: Construct): void {
    const applicationArn = `arn:${Aws.PARTITION}:kinesisanalytics:${Aws.REGION}:${Aws.ACCOUNT_ID}:application/${applicationName}`;
    const start = new cr.AwsCustomResource(this, 'Start', {
      onCreate: {
        service: 'KinesisAnalyticsV2',
        action: 'startApplication',
        parameters: {
          ApplicationName: applicationName,
          RunConfiguration: {
            ApplicationRestoreConfiguration: { ApplicationRestoreType: 'RESTORE_FROM_LATEST_SNAPSHOT' },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`${applicationName}-start`),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [applicationArn] }),
      installLatestAwsSdk: false,
    });
    start.node.addDependency(after);
  }

  #alarms(applicationName: string): cloudwatch.Alarm[] {
    const metric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/KinesisAnalytics',
        metricName,
        dimensionsMap: { Application: applicationName },
        statistic,
        period: Duration.minutes(1),
      });
    const alarm = (id: string, description: string, m: cloudwatch.Metric, threshold: number, periods: number) => {
      const created = new cloudwatch.Alarm(this, id, {
        alarmDescription: description,
        metric: m,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.alarmTopic));
      return created;
    };
    return [
      alarm('Downtime', 'The aggregation job is restarting or down', metric('downtime', 'Maximum'), 0, 2),
      alarm(
        'FailedCheckpoints',
        'The aggregation job failed to checkpoint',
        metric('numberOfFailedCheckpoints', 'Maximum'),
        0,
        1,
      ),
      alarm(
        'ConsumerLag',
        'The aggregation job is more than a minute behind bcns',
        metric('millisBehindLatest', 'Maximum'),
        60_000,
        5,
      ),
    ];
  }

  #suppressFindings(): void {
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Log-stream wildcard is within the job’s own log group; s3 Get*/List* come from Asset.grantRead on the asset bucket prefix; kinesis wildcards from Stream.grant*.',
        },
      ],
      true,
    );
    NagSuppressions.addStackSuppressions(this, [
      {
        id: 'AwsSolutions-IAM4',
        reason: 'The AwsCustomResource provider uses AWSLambdaBasicExecutionRole for its own logs.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
      { id: 'AwsSolutions-L1', reason: 'The AwsCustomResource provider runtime is chosen by aws-cdk-lib.' },
    ]);
    NagSuppressions.addResourceSuppressions(this.alarmTopic, [
      { id: 'AwsSolutions-SNS2', reason: 'Alarm notifications carry no sensitive data; SSL is enforced.' },
    ]);
  }
}
