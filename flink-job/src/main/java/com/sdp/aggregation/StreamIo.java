package com.sdp.aggregation;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the job reads and writes: Kinesis on AWS ({@link KinesisStreamIo}), in-memory sources and
 * collecting sinks in tests. The topology in {@link AggregationJob} never knows which.
 */
public interface StreamIo {
    /**
     * The {@code bcns} records, parsed, with event timestamps and watermarks. {@code watermarks} is
     * the job's strategy; a test source may replace it with explicit watermarks.
     */
    DataStream<BcnsInput> bcns(StreamExecutionEnvironment env, WatermarkStrategy<BcnsInput> watermarks);

    Sink<JoinedImpression> impressions();

    Sink<JoinedClick> clicks();

    Sink<Aggregate> aggregates();

    /** Malformed records, contributions too late for their window and events that never joined. */
    Sink<FailedEvent> failedEvents();

    /** Duplicates: counted, not failures. */
    Sink<DroppedRecord> duplicates();
}
