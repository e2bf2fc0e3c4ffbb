package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClockAdvancingWatermarksTest {
    private static final long OUT_OF_ORDERNESS = 5_000;
    private static final long IDLENESS = 10_000;

    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    };
    private long now;
    private ClockAdvancingWatermarks watermarks;

    @BeforeEach
    void startTheClock() {
        now = 1_000_000;
        watermarks = new ClockAdvancingWatermarks(OUT_OF_ORDERNESS, IDLENESS, () -> now);
    }

    @Test
    void trailsTheNewestTimestampByTheOutOfOrdernessBound() {
        // Act
        watermarks.onEvent(null, 900_000, output);
        watermarks.onEvent(null, 880_000, output);
        watermarks.onPeriodicEmit(output);

        // Assess
        assertThat(emitted).containsExactly(895_000L);
    }

    @Test
    void emitsNothingBeforeTheFirstRecordUntilTheShardIsIdle() {
        watermarks.onPeriodicEmit(output);
        now += IDLENESS;
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(now - OUT_OF_ORDERNESS);
    }

    @Test
    void followsTheClockOnceTheShardIsSilentForTheIdlenessPeriod() {
        // Prepare
        watermarks.onEvent(null, 990_000, output);

        // Act
        now += IDLENESS - 1;
        watermarks.onPeriodicEmit(output);
        now += 1;
        watermarks.onPeriodicEmit(output);
        watermarks.onEvent(null, now - 1_000, output);
        watermarks.onPeriodicEmit(output);

        // Assess: a record makes the shard active again, back on event time
        assertThat(emitted).containsExactly(985_000L, now - OUT_OF_ORDERNESS, now - 1_000 - OUT_OF_ORDERNESS);
    }

    @Test
    void countsAMalformedRecordAsActivityButNotAsEventTime() {
        watermarks.onEvent(null, 990_000, output);
        now += IDLENESS;
        watermarks.onEvent(BcnsInput.malformed("x"), Long.MIN_VALUE, output);
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(985_000L);
    }
}
