package com.sdp.aggregation;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

final class TestEnvironments {
    private TestEnvironments() {}

    /**
     * Parallelism 1, so a replay is as deterministic as the TypeScript one, and no Kryo: every
     * type the job moves or keeps must use Flink's own serializers, which also keeps its state
     * readable after the Kryo upgrade in Flink 2.x.
     */
    static StreamExecutionEnvironment strict(Configuration configuration) {
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.setParallelism(1);
        return env;
    }
}
