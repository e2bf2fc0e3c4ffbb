package com.sdp.aggregation;

import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * One shard's watermark, computed like the local runtime's WatermarkTracker: the newest event
 * timestamp minus the out-of-orderness bound. A shard that has been silent for the idleness period
 * follows the wall clock instead: event times are server receive times, so a record arriving later
 * carries a timestamp near now. Flink's {@code withIdleness} would only stop an idle shard from
 * holding the others back, and a stream that goes quiet as a whole would never close its last
 * windows.
 */
public final class ClockAdvancingWatermarks implements WatermarkGenerator<BcnsInput> {
    private final long outOfOrdernessMs;
    private final long idlenessMs;
    private final LongSupplier clock;
    private long newest = Long.MIN_VALUE;
    private long lastRecordAt;

    public ClockAdvancingWatermarks(long outOfOrdernessMs, long idlenessMs, LongSupplier clock) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idlenessMs = idlenessMs;
        this.clock = clock;
        this.lastRecordAt = clock.getAsLong();
    }

    @Override
    public void onEvent(BcnsInput input, long eventTimestamp, WatermarkOutput output) {
        lastRecordAt = clock.getAsLong();
        newest = Math.max(newest, eventTimestamp);
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        long top = now - lastRecordAt >= idlenessMs ? Math.max(newest, now) : newest;
        if (top != Long.MIN_VALUE) output.emitWatermark(new Watermark(top - outOfOrdernessMs));
    }
}
