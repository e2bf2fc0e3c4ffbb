package com.sdp.aggregation;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's runtime properties, read once at start: from Managed Service for Apache Flink, or from
 * {@code flink-application-properties-dev.json} when running in a local environment (an IDE).
 * Missing stream ARNs fail the start with the property's name.
 */
public final class JobConfig {
    static final String LOCAL_PROPERTIES = "flink-application-properties-dev.json";

    public final AggregationSettings aggregation;
    public final StreamTarget bcns;
    /** Where reading starts without a snapshot: TRIM_HORIZON or LATEST. */
    public final String bcnsInitialPosition;
    public final StreamTarget impressions;
    public final StreamTarget clicks;
    public final StreamTarget aggregates;
    /** The {@code failed_events} stream; null when the {@code FailedEventsStream} group is absent (they are only counted). */
    public final StreamTarget failedEvents;

    private JobConfig(Map<String, Properties> groups) {
        aggregation = AggregationSettings.fromProperties(groups.getOrDefault("Aggregation", new Properties()));
        bcns = StreamTarget.required(groups, "BcnsStream");
        bcnsInitialPosition = initialPosition(group(groups, "BcnsStream"));
        impressions = StreamTarget.required(groups, "ImpressionsStream");
        clicks = StreamTarget.required(groups, "ClicksStream");
        aggregates = StreamTarget.required(groups, "AggregatesStream");
        failedEvents =
                groups.containsKey("FailedEventsStream") ? StreamTarget.required(groups, "FailedEventsStream") : null;
    }

    public static JobConfig from(Map<String, Properties> groups) {
        return new JobConfig(groups);
    }

    public static JobConfig load(StreamExecutionEnvironment env) throws IOException {
        if (env instanceof LocalStreamEnvironment) {
            String path = JobConfig.class.getClassLoader().getResource(LOCAL_PROPERTIES).getPath();
            return from(KinesisAnalyticsRuntime.getApplicationProperties(path));
        }
        return from(KinesisAnalyticsRuntime.getApplicationProperties());
    }

    private static String initialPosition(Properties bcns) {
        String position = bcns.getProperty("initial.position", "TRIM_HORIZON").trim();
        if (!position.equals("TRIM_HORIZON") && !position.equals("LATEST")) {
            throw new IllegalArgumentException(
                    "BcnsStream.initial.position must be TRIM_HORIZON or LATEST, got '" + position + "'");
        }
        return position;
    }

    static Properties group(Map<String, Properties> groups, String name) {
        Properties group = groups.get(name);
        if (group == null) throw new IllegalArgumentException("Missing runtime property group " + name);
        return group;
    }
}
