package com.sdp.aggregation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's runtime property groups and properties: names, defaults and ranges. Generated from
 * lambda/domain/settings/flink.ts by {@code npm run generate}; do not edit.
 */
final class RuntimeProperties {
    private RuntimeProperties() {}

    /** A property in whole seconds of the {@code Aggregation} group: its default and range. */
    static final class Seconds {
        final String group;
        final String name;
        final long defaultValue;
        final long min;
        final long max;

        Seconds(String group, String name, long defaultValue, long min, long max) {
            this.group = group;
            this.name = name;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
        }

        String fullName() {
            return group + "." + name;
        }
    }

    static final String AGGREGATION = "Aggregation";
    static final String BCNS_STREAM = "BcnsStream";
    static final String IMPRESSIONS_STREAM = "ImpressionsStream";
    static final String CLICKS_STREAM = "ClicksStream";
    static final String AGGREGATES_STREAM = "AggregatesStream";
    static final String FAILED_EVENTS_STREAM = "FailedEventsStream";

    static final String STREAM_ARN = "stream.arn";
    static final String AWS_REGION = "aws.region";
    static final String INITIAL_POSITION = "initial.position";
    static final String INITIAL_POSITION_DEFAULT = "TRIM_HORIZON";
    static final List<String> INITIAL_POSITIONS = List.of("TRIM_HORIZON", "LATEST");

    static final Seconds PERIOD_SECONDS =
            new Seconds(AGGREGATION, "period.seconds", 60, 1, 86400);
    static final Seconds ATTRIBUTION_WINDOW_SECONDS =
            new Seconds(AGGREGATION, "attribution.window.seconds", 300, 1, 86400);
    static final Seconds CLICK_WINDOW_SECONDS =
            new Seconds(AGGREGATION, "click.window.seconds", 900, 1, 86400);
    static final Seconds ALLOWED_LATENESS_SECONDS =
            new Seconds(AGGREGATION, "allowed.lateness.seconds", 5, 0, 3600);
    static final Seconds OUT_OF_ORDERNESS_SECONDS =
            new Seconds(AGGREGATION, "out.of.orderness.seconds", 5, 0, 3600);
    static final Seconds IDLENESS_SECONDS =
            new Seconds(AGGREGATION, "idleness.seconds", 10, 1, 3600);

    /** Every group the job reads, in order, with the properties each may hold. */
    static final Map<String, List<String>> GROUPS;
    /** Groups without which the job does not start. */
    static final List<String> REQUIRED_GROUPS = List.of(BCNS_STREAM, IMPRESSIONS_STREAM, CLICKS_STREAM, AGGREGATES_STREAM);

    static {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put(AGGREGATION, List.of("period.seconds", "attribution.window.seconds", "click.window.seconds", "allowed.lateness.seconds", "out.of.orderness.seconds", "idleness.seconds"));
        groups.put(BCNS_STREAM, List.of("stream.arn", "initial.position", "aws.region"));
        groups.put(IMPRESSIONS_STREAM, List.of("stream.arn", "aws.region"));
        groups.put(CLICKS_STREAM, List.of("stream.arn", "aws.region"));
        groups.put(AGGREGATES_STREAM, List.of("stream.arn", "aws.region"));
        groups.put(FAILED_EVENTS_STREAM, List.of("stream.arn", "aws.region"));
        GROUPS = Collections.unmodifiableMap(groups);
    }
}
