package com.sdp.aggregation;

import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kinesis.sink.KinesisStreamsSink;
import org.apache.flink.connector.kinesis.sink.PartitionKeyGenerator;
import org.apache.flink.connector.kinesis.source.KinesisStreamsSource;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants;
import org.apache.flink.connector.kinesis.source.config.KinesisStreamsSourceConfigConstants.InitialPosition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Reads {@code bcns} with the Kinesis source and writes every output with the Kinesis sink. */
public final class KinesisStreamIo implements StreamIo {
    /** The AWS connectors' region property (AWSConfigConstants.AWS_REGION, shaded away in this connector jar). */
    private static final String AWS_REGION = "aws.region";
    private final JobConfig config;

    public KinesisStreamIo(JobConfig config) {
        this.config = config;
    }

    @Override
    public DataStream<BcnsInput> bcns(StreamExecutionEnvironment env, WatermarkStrategy<BcnsInput> watermarks) {
        Configuration sourceConfig = new Configuration();
        sourceConfig.setString(AWS_REGION, config.bcns.region);
        sourceConfig.set(
                KinesisStreamsSourceConfigConstants.STREAM_INITIAL_POSITION,
                InitialPosition.valueOf(config.bcnsInitialPosition));
        KinesisStreamsSource<BcnsInput> source = KinesisStreamsSource.<BcnsInput>builder()
                .setStreamArn(config.bcns.arn)
                .setSourceConfig(sourceConfig)
                .setDeserializationSchema(new BcnsDeserializationSchema())
                .build();
        return env.fromSource(source, watermarks, "bcns", TypeInformation.of(BcnsInput.class)).uid("bcns-source");
    }

    @Override
    public Sink<JoinedImpression> impressions() {
        return sink(config.impressions, record -> PartitionKeys.ofTx(record.txId));
    }

    @Override
    public Sink<JoinedClick> clicks() {
        return sink(config.clicks, record -> PartitionKeys.ofTx(record.txId));
    }

    @Override
    public Sink<Aggregate> aggregates() {
        return sink(config.aggregates, record -> String.valueOf(record.campaignItemId));
    }

    @Override
    public Sink<FailedEvent> failedEvents() {
        if (config.failedEvents == null) return new DiscardingSink<>();
        return sink(config.failedEvents, PartitionKeys::ofFailed);
    }

    /** Duplicates are client retries and redeliveries: the {@code duplicateRecords} metric counts them. */
    @Override
    public Sink<DroppedRecord> duplicates() {
        return new DiscardingSink<>();
    }

    private static <T> Sink<T> sink(StreamTarget target, PartitionKeyGenerator<T> partitionKey) {
        Properties client = new Properties();
        client.setProperty(AWS_REGION, target.region);
        return KinesisStreamsSink.<T>builder()
                .setStreamArn(target.arn)
                .setKinesisClientProperties(client)
                .setSerializationSchema(new JsonSerialization<>())
                .setPartitionKeyGenerator(partitionKey)
                .build();
    }
}
