import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { StreamsStack } from '../../lib/streams/streams-stack.ts';

const synth = (props: ConstructorParameters<typeof StreamsStack>[2] = {}) =>
  Template.fromStack(new StreamsStack(new App(), 'Streams', props));

describe('StreamsStack', () => {
  it('creates the five on-demand streams, encrypted with the aws/kinesis key, 24 h retention', () => {
    // Act
    const template = synth();

    // Assess
    template.resourceCountIs('AWS::Kinesis::Stream', 5);
    for (const name of ['bcns', 'impressions', 'clicks', 'aggregates', 'failed_events']) {
      template.hasResourceProperties('AWS::Kinesis::Stream', {
        Name: `sdp-${name}`,
        StreamModeDetails: { StreamMode: 'ON_DEMAND' },
        RetentionPeriodHours: 24,
        StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
        ShardCount: Match.absent(),
      });
    }
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('provisions shards only for the streams named, with the prefix and retention given', () => {
    // Act
    const template = synth({ prefix: 'adtech', shards: { bcns: 4 }, retentionHours: 168 });

    // Assess
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'adtech-bcns',
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 4,
      RetentionPeriodHours: 168,
    });
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'adtech-clicks',
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      RetentionPeriodHours: 168,
    });
  });

  it('encrypts every stream with one rotated customer-managed key when asked', () => {
    // Act
    const template = synth({ customerManagedKey: true });

    // Assess
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
    const streams = Object.values(template.findResources('AWS::Kinesis::Stream'));
    expect(streams.map((stream) => stream.Properties.StreamEncryption)).toStrictEqual(
      Array(5).fill({ EncryptionType: 'KMS', KeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } }),
    );
  });

  it('rejects a retention outside 24 to 8760 hours', () => {
    expect(() => synth({ retentionHours: 23 })).toThrow(/retentionHours must be between 24 and 8760. Received 23/);
  });
});
