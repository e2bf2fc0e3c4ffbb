package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The AWS wiring builds from the dev properties; nothing here talks to AWS, it only plans the job. */
class AggregationJobTest {
    @Test
    void wiresKinesisSourceAndSinksFromTheRuntimeProperties() throws Exception {
        // Prepare
        String path = JobConfig.class.getClassLoader().getResource(JobConfig.LOCAL_PROPERTIES).getPath();
        JobConfig config = JobConfig.from(KinesisAnalyticsRuntime.getApplicationProperties(path));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        // Act
        AggregationJob.build(env, config.aggregation, new KinesisStreamIo(config));
        String plan = env.getExecutionPlan();

        // Assess
        assertThat(plan)
                .contains("Source: bcns")
                .contains("Join per transaction")
                .contains("Windows per campaign")
                .contains("impressions: Writer", "clicks: Writer", "aggregates: Writer", "failed_events: Writer");
    }
}
