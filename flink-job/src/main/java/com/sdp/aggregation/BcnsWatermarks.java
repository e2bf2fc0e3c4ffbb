package com.sdp.aggregation;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/** Event time is the server {@code timestamp}; watermarks per shard from {@link ClockAdvancingWatermarks}. */
public final class BcnsWatermarks implements WatermarkStrategy<BcnsInput> {
    private static final long serialVersionUID = 1L;
    private final long outOfOrdernessMs;
    private final long idlenessMs;

    public BcnsWatermarks(AggregationSettings settings) {
        this.outOfOrdernessMs = settings.outOfOrdernessMs;
        this.idlenessMs = settings.idlenessMs;
    }

    @Override
    public WatermarkGenerator<BcnsInput> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new ClockAdvancingWatermarks(outOfOrdernessMs, idlenessMs, System::currentTimeMillis);
    }

    @Override
    public TimestampAssigner<BcnsInput> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (input, recordTimestamp) -> input.eventTimestamp();
    }
}
