package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every shared aggregation vector through the job on a MiniCluster, as the TypeScript suite replays them. */
class FixtureReplayTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    static List<AggregationFixture> fixtures() throws IOException {
        return AggregationFixture.all();
    }

    @Test
    void hasTheVectorsTheContractPromises() throws IOException {
        assertThat(fixtures()).hasSizeGreaterThanOrEqualTo(15);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void producesTheExpectedOutputs(AggregationFixture fixture) throws Exception {
        // Prepare
        ReplayStreamIo io = new ReplayStreamIo(fixture.items());
        StreamExecutionEnvironment env = TestEnvironments.strict(new Configuration());
        AggregationJob.build(env, fixture.settings(), io);

        // Act
        env.execute(fixture.name);

        // Assess
        JobOutputs outputs = io.outputs();
        io.forget();
        assertThat(outputs.tree()).as(fixture.description()).isEqualTo(fixture.expected());
    }
}
