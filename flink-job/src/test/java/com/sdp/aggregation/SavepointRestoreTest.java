package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stopping with a savepoint mid-stream and restoring loses nothing and doubles nothing. */
class SavepointRestoreTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    private static final AggregationSettings SETTINGS = AggregationFixture.defaultFixtureSettings();

    @Test
    void restoredRunEmitsExactlyWhatAnUninterruptedRunEmits(@TempDir Path savepoints) throws Exception {
        // Prepare
        SavepointScenario scenario = new SavepointScenario(42, 1_500);
        ReplayStreamIo uninterrupted = new ReplayStreamIo(scenario.items);
        ReplayStreamIo interrupted = new ReplayStreamIo(scenario.items).pauseAt(scenario.pauseAt);
        run(uninterrupted, new Configuration());

        // Act
        JobClient first = job(interrupted, new Configuration()).executeAsync("before savepoint");
        waitUntil(interrupted::paused);
        String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        int aggregatesBeforeStop = interrupted.outputs().records("aggregates").size();
        Configuration restore = new Configuration();
        restore.set(SavepointConfigOptions.SAVEPOINT_PATH, savepoint);
        run(interrupted.pauseAt(Integer.MAX_VALUE), restore);

        // Assess
        JobOutputs expected = uninterrupted.outputs();
        JobOutputs actual = interrupted.outputs();
        uninterrupted.forget();
        interrupted.forget();
        assertThat(aggregatesBeforeStop).isBetween(1, expected.records("aggregates").size() - 1);
        assertThat(expected.tree().at("/dropped/late").asInt()).isGreaterThan(1);
        for (String stream : List.of("aggregates", "impressions", "clicks")) {
            assertThat(actual.records(stream)).as(stream).containsExactlyElementsOf(expected.records(stream));
        }
        assertThat(actual.tree().get("dropped")).isEqualTo(expected.tree().get("dropped"));
    }

    private static StreamExecutionEnvironment job(ReplayStreamIo io, Configuration configuration) {
        StreamExecutionEnvironment env = TestEnvironments.strict(configuration);
        AggregationJob.build(env, SETTINGS, io);
        return env;
    }

    private static void run(ReplayStreamIo io, Configuration configuration) throws Exception {
        job(io, configuration).execute();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
