package com.sdp.aggregation;

import java.io.Serializable;
import java.util.Properties;

/**
 * The aggregation's event-time settings in milliseconds: aggregation-config.ts plus the watermark
 * settings only the Flink job needs. Built from the {@code Aggregation} property group; a missing
 * property takes its default, and names, defaults and ranges come from {@link RuntimeProperties}.
 */
public final class AggregationSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public final long periodMs;
    public final long attributionWindowMs;
    public final long clickWindowMs;
    public final long allowedLatenessMs;
    public final long outOfOrdernessMs;
    public final long idlenessMs;

    private AggregationSettings(Properties properties) {
        periodMs = millis(properties, RuntimeProperties.PERIOD_SECONDS);
        attributionWindowMs = millis(properties, RuntimeProperties.ATTRIBUTION_WINDOW_SECONDS);
        clickWindowMs = millis(properties, RuntimeProperties.CLICK_WINDOW_SECONDS);
        allowedLatenessMs = millis(properties, RuntimeProperties.ALLOWED_LATENESS_SECONDS);
        outOfOrdernessMs = millis(properties, RuntimeProperties.OUT_OF_ORDERNESS_SECONDS);
        idlenessMs = millis(properties, RuntimeProperties.IDLENESS_SECONDS);
    }

    public static AggregationSettings fromProperties(Properties properties) {
        return new AggregationSettings(properties);
    }

    /** How long after the latest first-of-kind event a transaction can still join something. */
    public long joinWindowsMs() {
        return attributionWindowMs + clickWindowMs;
    }

    /**
     * How long after its end a window still accepts corrections (correctionHorizonMs): an
     * impression can wait the attribution window for its bid, and a click the click window for
     * its impression.
     */
    public long correctionHorizonMs() {
        return allowedLatenessMs + joinWindowsMs();
    }

    private static long millis(Properties properties, RuntimeProperties.Seconds property) {
        String value = properties.getProperty(property.name);
        if (value == null) return property.defaultValue * 1000;
        long seconds = parseOrMinusOne(value.trim());
        if (seconds < property.min || seconds > property.max) {
            throw JobConfig.invalid(property.fullName(),
                    "an integer from " + property.min + " to " + property.max, value);
        }
        return seconds * 1000;
    }

    private static long parseOrMinusOne(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
