package com.sdp.aggregation;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The aggregation of SPEC.md §5 on Managed Service for Apache Flink: bcns → join per transaction →
 * windows per campaign → impressions, clicks and aggregates. Every stateful operator has a fixed
 * uid so snapshots keep restoring across deployments.
 */
public final class AggregationJob {
    private AggregationJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = JobConfig.load(env);
        build(env, config.aggregation, new KinesisStreamIo(config));
        env.execute("sdp-aggregation");
    }

    public static void build(StreamExecutionEnvironment env, AggregationSettings settings, StreamIo io) {
        SingleOutputStreamOperator<BcnsEvent> events = io.bcns(env, new BcnsWatermarks(settings))
                .transform(
                        "Carry watermark over restores",
                        TypeInformation.of(BcnsInput.class),
                        new WatermarkCarryOver<>())
                .uid("carry-watermark")
                .process(new RejectMalformed())
                .name("Reject malformed records")
                .uid("reject-malformed");

        SingleOutputStreamOperator<Contribution> contributions = events.keyBy(event -> event.txId, Types.STRING)
                .process(new TxJoinFunction(settings))
                .name("Join per transaction")
                .uid("tx-join");

        SingleOutputStreamOperator<Aggregate> aggregates = contributions
                .keyBy(contribution -> contribution.campaignItemId, Types.LONG)
                .process(new CampaignWindowFunction(settings))
                .name("Windows per campaign")
                .uid("campaign-windows");

        contributions.getSideOutput(TxJoinFunction.IMPRESSIONS)
                .sinkTo(io.impressions())
                .name("impressions")
                .uid("impressions-sink");
        contributions.getSideOutput(TxJoinFunction.CLICKS)
                .sinkTo(io.clicks())
                .name("clicks")
                .uid("clicks-sink");
        aggregates.sinkTo(io.aggregates()).name("aggregates").uid("aggregates-sink");

        DataStream<FailedEvent> failed = events.getSideOutput(RejectMalformed.MALFORMED)
                .union(
                        contributions.getSideOutput(TxJoinFunction.UNJOINED),
                        aggregates.getSideOutput(CampaignWindowFunction.LATE));
        failed.sinkTo(io.failedEvents()).name("failed_events").uid("failed-events-sink");
        contributions.getSideOutput(TxJoinFunction.DUPLICATES)
                .sinkTo(io.duplicates())
                .name("duplicates")
                .uid("dropped-sink");
    }
}
