package com.sdp.aggregation;

import java.io.Serializable;
import java.util.Properties;

/**
 * The aggregation's event-time settings in milliseconds: aggregation-config.ts plus the watermark
 * settings only the Flink job needs. Built from the {@code Aggregation} property group; a missing
 * property takes the AWS default (AWS_DEFAULTS in aggregation-config.ts).
 */
public final class AggregationSettings implements Serializable {
    private static final long serialVersionUID = 1L;
    /** About 31 years: anything longer is a typo, and would overflow once turned into milliseconds. */
    private static final long MAX_SECONDS = 1_000_000_000L;

    public final long periodMs;
    public final long attributionWindowMs;
    public final long clickWindowMs;
    public final long allowedLatenessMs;
    public final long outOfOrdernessMs;
    public final long idlenessMs;

    private AggregationSettings(Properties properties) {
        periodMs = millis(properties, "period.seconds", 60, 1);
        attributionWindowMs = millis(properties, "attribution.window.seconds", 300, 1);
        clickWindowMs = millis(properties, "click.window.seconds", 900, 1);
        allowedLatenessMs = millis(properties, "allowed.lateness.seconds", 5, 0);
        outOfOrdernessMs = millis(properties, "out.of.orderness.seconds", 5, 0);
        idlenessMs = millis(properties, "idleness.seconds", 10, 1);
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

    private static long millis(Properties properties, String name, long defaultSeconds, long minimum) {
        String value = properties.getProperty(name);
        if (value == null) return defaultSeconds * 1000;
        long seconds = parseOrMinusOne(value.trim());
        if (seconds < minimum || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "Aggregation." + name + " must be an integer between " + minimum + " and " + MAX_SECONDS
                            + ", got '" + value + "'");
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
