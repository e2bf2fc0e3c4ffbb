package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timer handling of stage 1 that the shared vectors cannot observe. */
class TxJoinFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, BcnsEvent, Contribution> harness;

    @BeforeEach
    void open() throws Exception {
        TxJoinFunction join = new TxJoinFunction(AggregationFixture.defaultFixtureSettings());
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(join), event -> event.txId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void forgetsATransactionAtOnceWhenItsExpiryIsAlreadyBehindTheWatermark() throws Exception {
        // Prepare: the bid expires at 1_000 + 60 s + 120 s, long before the watermark
        harness.processWatermark(1_000_000);

        // Act: a second bid arrives before any further watermark
        harness.processElement(new StreamRecord<>(bid(1_000), 1_000));
        harness.processElement(new StreamRecord<>(bid(2_000), 2_000));

        // Assess: both count, as in the TypeScript core; no timer is left behind
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.getSideOutput(TxJoinFunction.DUPLICATES)).isNull();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void keepsOneTimerPerTransactionAtItsLatestExpiry() throws Exception {
        // Act
        harness.processElement(new StreamRecord<>(bid(1_000), 1_000));
        harness.processElement(new StreamRecord<>(BcnsEvent.impression("tx", 5_000, 10), 5_000));
        harness.processElement(new StreamRecord<>(BcnsEvent.click("tx", 9_000), 9_000));

        // Assess
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(9_000 + 180_000 - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(9_000 + 180_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    private static BcnsEvent bid(long timestamp) {
        return BcnsEvent.bid("tx", timestamp, 1001, "app", null, null, null, null);
    }
}
