package com.sdp.aggregation;

import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.NoWatermarksGenerator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Replays registered items into the job and collects its outputs. Watermarks are only the items'
 * explicit ones: the generator emits none, so periodic emission cannot move event time between
 * items, and the run is as deterministic as the TypeScript replay.
 */
final class ReplayStreamIo implements StreamIo {
    private final String itemsKey;
    private final String run = UUID.randomUUID().toString();
    private int pauseAt = Integer.MAX_VALUE;

    ReplayStreamIo(List<ReplayItem> items) {
        this.itemsKey = ReplayItem.register(items);
    }

    /** The next job built stops reading (without finishing) before item {@code index}. */
    ReplayStreamIo pauseAt(int index) {
        pauseAt = index;
        return this;
    }

    @Override
    public DataStream<BcnsInput> bcns(StreamExecutionEnvironment env, WatermarkStrategy<BcnsInput> watermarks) {
        WatermarkStrategy<BcnsInput> explicitOnly = WatermarkStrategy.<BcnsInput>forGenerator(
                        context -> new NoWatermarksGenerator<>())
                .withTimestampAssigner((input, timestamp) -> input.eventTimestamp());
        ReplaySource source = new ReplaySource(itemsKey, pauseAt);
        return env.fromSource(source, explicitOnly, "replay", TypeInformation.of(BcnsInput.class))
                .uid("bcns-source");
    }

    @Override
    public Sink<JoinedImpression> impressions() {
        return new CollectingSink<>(run + "/impressions");
    }

    @Override
    public Sink<JoinedClick> clicks() {
        return new CollectingSink<>(run + "/clicks");
    }

    @Override
    public Sink<Aggregate> aggregates() {
        return new CollectingSink<>(run + "/aggregates");
    }

    @Override
    public Sink<FailedEvent> failedEvents() {
        return new CollectingSink<>(run + "/failed_events");
    }

    @Override
    public Sink<DroppedRecord> duplicates() {
        return new CollectingSink<>(run + "/duplicates");
    }

    boolean paused() {
        return ReplaySource.paused(itemsKey);
    }

    /** Everything written so far, in the fixtures' shape. */
    JobOutputs outputs() {
        return new JobOutputs(
                CollectingSink.collected(run + "/aggregates"),
                CollectingSink.collected(run + "/impressions"),
                CollectingSink.collected(run + "/clicks"),
                CollectingSink.collected(run + "/failed_events"),
                CollectingSink.collected(run + "/duplicates"));
    }

    void forget() {
        ReplayItem.unregister(itemsKey);
        CollectingSink.forget(run);
    }
}
