import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as flink from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3assets from 'aws-cdk-lib/aws-s3-assets';
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
  /** Where the job writes the records it refuses, with the reason (SPEC.md §7). */
  readonly failedEvents: kinesis.IStream;
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
 * `bcns` and writing `impressions`, `clicks`, `aggregates` and `failed_events`, with checkpoints and
 * snapshots. Its dashboard and alarms are in the observability stack (lib/observability).
 */
export class ProcessorStack extends Stack {
  readonly application: flink.CfnApplication;
  readonly role: iam.Role;
  /** The application's name, which its CloudWatch metrics are dimensioned by (lib/observability alarms on them). */
  readonly applicationName: string;

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
      description: 'The aggregation job: reads bcns, writes impressions, clicks, aggregates and failed_events',
    });
    props.bcns.grantRead(this.role);
    for (const stream of [props.impressions, props.clicks, props.aggregates, props.failedEvents]) {
      stream.grantWrite(this.role);
    }
    jar.grantRead(this.role);
    // What Managed Flink's CloudWatch logging option needs of the application role (its developer guide,
    // "Set up application logging"): find the group, list its streams, write to the one stream.
    const logStreamArn = (streamName: string) =>
      this.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `${logGroup.logGroupName}:log-stream:${streamName}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    // The service authorization reference lists no resource type for DescribeLogGroups.
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }));
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:DescribeLogStreams'], resources: [logStreamArn('*')] }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logStreamArn(logStream.logStreamName)] }),
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
              failed_events: props.failedEvents.streamArn,
            },
          }),
        },
      },
    });
    // Managed Flink checks the role's permissions when the application is created: the policy first.
    this.application.node.addDependency(this.role.node.findChild('DefaultPolicy'));
    const logging = new flink.CfnApplicationCloudWatchLoggingOption(this, 'Logging', {
      applicationName,
      cloudWatchLoggingOption: { logStreamArn: logStreamArn(logStream.logStreamName) },
    });
    logging.addResourceDependency(this.application);

    this.#startOnCreate(applicationName, logging);
    this.applicationName = applicationName;
    new CfnOutput(this, 'ApplicationName', { value: applicationName, description: 'Managed Flink application' });
    this.#suppressFindings();
  }

  /**
   * CloudFormation creates the application stopped; this starts it once, on create, when no snapshot
   * can exist yet. Updates of the running application keep its state: with snapshots enabled,
   * Managed Flink snapshots it and restarts from that snapshot.
   */
  #startOnCreate(applicationName: string, after: Construct): void {
    const applicationArn = this.formatArn({
      service: 'kinesisanalytics',
      resource: 'application',
      resourceName: applicationName,
    });
    const start = new cr.AwsCustomResource(this, 'Start', {
      onCreate: {
        service: 'KinesisAnalyticsV2',
        action: 'startApplication',
        parameters: {
          ApplicationName: applicationName,
          RunConfiguration: {
            ApplicationRestoreConfiguration: { ApplicationRestoreType: 'SKIP_RESTORE_FROM_SNAPSHOT' },
          },
        },
        physicalResourceId: cr.PhysicalResourceId.of(`${applicationName}-start`),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [applicationArn] }),
      // Its own log group, deleted with the stack (Lambda's default one would outlive it).
      logGroup: new logs.LogGroup(this, 'StartLogs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      installLatestAwsSdk: false,
    });
    start.node.addDependency(after);
  }

  #suppressFindings(): void {
    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'DescribeLogGroups has no resource-level permissions and DescribeLogStreams covers the job’s own log group; s3 GetObject*/GetBucket*/List* come from Asset.grantRead on the jar in the CDK assets bucket.',
          appliesTo: [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            'Resource::*',
            { regex: '/^Resource::arn:<AWS::Partition>:s3:::cdk-[a-z0-9]+-assets-.+\\/\\*$/g' },
            { regex: '/^Resource::arn:<AWS::Partition>:logs:.+:log-stream:\\*$/g' },
          ],
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
  }
}
