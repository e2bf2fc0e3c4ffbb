import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The CloudWatch log group and stream a Firehose reports its delivery errors to. */
export class DeliveryLogs extends Construct {
  readonly logGroup: logs.LogGroup;
  readonly logStream: logs.LogStream;
  /** The `CloudWatchLoggingOptions` of the delivery stream's destination. */
  readonly loggingOptions: firehose.CfnDeliveryStream.CloudWatchLoggingOptionsProperty;
  /** The ARN `logs:PutLogEvents` is granted on: this log stream and no other. */
  readonly logStreamArn: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Resource', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logStream = new logs.LogStream(this, 'S3Delivery', {
      logGroup: this.logGroup,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.loggingOptions = {
      enabled: true,
      logGroupName: this.logGroup.logGroupName,
      logStreamName: this.logStream.logStreamName,
    };
    this.logStreamArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${this.logGroup.logGroupName}:log-stream:${this.logStream.logStreamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
