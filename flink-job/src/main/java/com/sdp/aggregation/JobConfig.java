package com.sdp.aggregation;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's runtime properties, read once at start: from Managed Service for Apache Flink, or from
 * {@code flink-application-properties-dev.json} when running in a local environment (an IDE).
 * The names come from {@link RuntimeProperties} (generated from the project's settings spec); a missing
 * required group, a group or property the job does not know (a typo) or a bad value fails the start with
 * one line naming it.
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
        rejectUnknownNames(groups);
        for (String required : RuntimeProperties.REQUIRED_GROUPS) group(groups, required);
        aggregation = AggregationSettings.fromProperties(
                groups.getOrDefault(RuntimeProperties.AGGREGATION, new Properties()));
        bcns = StreamTarget.required(groups, RuntimeProperties.BCNS_STREAM);
        bcnsInitialPosition = initialPosition(group(groups, RuntimeProperties.BCNS_STREAM));
        impressions = StreamTarget.required(groups, RuntimeProperties.IMPRESSIONS_STREAM);
        clicks = StreamTarget.required(groups, RuntimeProperties.CLICKS_STREAM);
        aggregates = StreamTarget.required(groups, RuntimeProperties.AGGREGATES_STREAM);
        failedEvents = groups.containsKey(RuntimeProperties.FAILED_EVENTS_STREAM)
                ? StreamTarget.required(groups, RuntimeProperties.FAILED_EVENTS_STREAM)
                : null;
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
        String position = bcns.getProperty(RuntimeProperties.INITIAL_POSITION, RuntimeProperties.INITIAL_POSITION_DEFAULT)
                .trim();
        if (!RuntimeProperties.INITIAL_POSITIONS.contains(position)) {
            throw invalid(RuntimeProperties.BCNS_STREAM + "." + RuntimeProperties.INITIAL_POSITION,
                    "one of " + String.join(", ", RuntimeProperties.INITIAL_POSITIONS), position);
        }
        return position;
    }

    /** A misspelt group or property would otherwise be ignored, and its default used without a word. */
    private static void rejectUnknownNames(Map<String, Properties> groups) {
        for (Map.Entry<String, Properties> group : groups.entrySet()) {
            List<String> known = RuntimeProperties.GROUPS.get(group.getKey());
            if (known == null) {
                throw new IllegalArgumentException("Unknown runtime property group " + group.getKey()
                        + ": the job reads " + String.join(", ", RuntimeProperties.GROUPS.keySet()));
            }
            for (String name : group.getValue().stringPropertyNames()) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("Unknown runtime property " + group.getKey() + "." + name
                            + ": " + group.getKey() + " takes " + String.join(", ", known));
                }
            }
        }
    }

    /** The one error style of a bad value: the property, what it must be, the value. */
    static IllegalArgumentException invalid(String property, String range, String value) {
        return new IllegalArgumentException(property + " must be " + range + ", got \"" + value + "\"");
    }

    static Properties group(Map<String, Properties> groups, String name) {
        Properties group = groups.get(name);
        if (group == null) throw new IllegalArgumentException("Missing runtime property group " + name);
        return group;
    }
}
