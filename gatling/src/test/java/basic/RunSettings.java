package basic;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a load run is told through system properties ({@code mvn gatling:test -DusersPerSec=50 ...}).
 * The defaults target the local platform with a short, gentle run.
 */
public record RunSettings(
        String baseUrl,
        String apiKey,
        int durationSeconds,
        double usersPerSec,
        int rampSeconds,
        int batchSize,
        int campaigns,
        String runId,
        long seed,
        Path ledgerDir,
        double maxFailedPercent) {

    /** Same cap as the ingestion API's batch limit (SPEC.md §4). */
    static final int MAX_BATCH = 500;
    /** Campaign ids per run; {@link TrafficPlan} gives each run its own block of this many. */
    static final int MAX_CAMPAIGNS = 1000;

    public static RunSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    static RunSettings from(Properties properties) {
        return new RunSettings(
                properties.getProperty("baseUrl", "http://localhost:3000").replaceAll("/+$", ""),
                properties.getProperty("apiKey", ""),
                intIn(properties, "duration", 60, 1, Integer.MAX_VALUE),
                positive(properties, "usersPerSec", 10),
                intIn(properties, "rampSeconds", 10, 0, Integer.MAX_VALUE),
                intIn(properties, "batchSize", 100, 1, MAX_BATCH),
                intIn(properties, "campaigns", 200, 1, MAX_CAMPAIGNS),
                runId(properties.getProperty("runId", defaultRunId())),
                Long.parseLong(properties.getProperty("seed", "1")),
                Path.of(properties.getProperty("ledgerDir", "target/ledger")),
                Double.parseDouble(properties.getProperty("maxFailedPercent", "0")));
    }

    /** The run id names the ledger file, so it stays a plain file name. */
    private static String runId(String raw) {
        if (!raw.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("runId must be 1-64 of [A-Za-z0-9._-], got " + raw);
        }
        return raw;
    }

    private static String defaultRunId() {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        return time + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static int intIn(Properties properties, String key, int fallback, int min, int max) {
        String raw = properties.getProperty(key);
        if (raw == null || raw.isBlank()) return fallback;
        int value = Integer.parseInt(raw.trim());
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + raw);
        }
        return value;
    }

    private static double positive(Properties properties, String key, double fallback) {
        String raw = properties.getProperty(key);
        if (raw == null || raw.isBlank()) return fallback;
        double value = Double.parseDouble(raw.trim());
        if (!(value > 0)) throw new IllegalArgumentException(key + " must be greater than 0, got " + raw);
        return value;
    }
}
