import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { STREAM_NAMES, type StreamName } from '../../lambda/domain/streams.ts';

export interface StreamsStackProps extends StackProps {
  /** Prefix of the stream names: `<prefix>-bcns` and so on. @default 'sdp' */
  readonly prefix?: string;
  /** Provisioned shard counts by stream; streams not named here are on-demand. @default {} (all on-demand) */
  readonly shards?: Readonly<Partial<Record<StreamName, number>>>;
  /** Hours a record stays readable, 24 to 8760. @default 24 */
  readonly retentionHours?: number;
  /**
   * Encrypt with a customer-managed KMS key (created here, rotated yearly) instead of the
   * AWS-managed `aws/kinesis` key. Costs KMS calls for every producer and consumer.
   * @default false
   */
  readonly customerManagedKey?: boolean;
}

/** The Kinesis streams of SPEC.md §3 and `failed_events`, encrypted at rest with KMS. */
export class StreamsStack extends Stack {
  /** The customer-managed key, when one was asked for. */
  readonly key?: kms.Key;
  readonly bcns: kinesis.Stream;
  readonly impressions: kinesis.Stream;
  readonly clicks: kinesis.Stream;
  readonly aggregates: kinesis.Stream;
  /** Records a stage refused after ingestion, with the reason (SPEC.md §7). */
  readonly failedEvents: kinesis.Stream;

  constructor(scope: Construct, id: string, props: StreamsStackProps = {}) {
    super(scope, id, props);
    const { prefix = 'sdp', shards = {}, retentionHours = 24, customerManagedKey = false } = props;
    if (retentionHours < 24 || retentionHours > 8760) {
      throw new Error(`retentionHours must be between 24 and 8760. Received ${retentionHours}`);
    }
    if (customerManagedKey) {
      this.key = new kms.Key(this, 'Key', {
        description: `Encrypts the ${prefix} platform's Kinesis streams`,
        enableKeyRotation: true,
      });
    }
    const stream = (name: StreamName) => {
      const shardCount = shards[name];
      return new kinesis.Stream(this, pascal(name), {
        streamName: `${prefix}-${name}`,
        streamMode: shardCount === undefined ? kinesis.StreamMode.ON_DEMAND : kinesis.StreamMode.PROVISIONED,
        shardCount,
        retentionPeriod: Duration.hours(retentionHours),
        // A stream holds at most its retention of records, all delivered to the lake; a retained stream
        // would keep billing (shard or on-demand stream hours) after `cdk destroy`.
        removalPolicy: RemovalPolicy.DESTROY,
        ...(this.key
          ? { encryption: kinesis.StreamEncryption.KMS, encryptionKey: this.key }
          : { encryption: kinesis.StreamEncryption.MANAGED }),
      });
    };
    [this.bcns, this.impressions, this.clicks, this.aggregates, this.failedEvents] = STREAM_NAMES.map(stream) as [
      kinesis.Stream,
      kinesis.Stream,
      kinesis.Stream,
      kinesis.Stream,
      kinesis.Stream,
    ];
  }
}

/** `failed_events` → `FailedEvents`: construct ids of a stream's resources. */
function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
