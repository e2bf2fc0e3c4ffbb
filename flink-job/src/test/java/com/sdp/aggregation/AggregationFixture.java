package com.sdp.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One shared test vector from test/fixtures/aggregation: the contract between the TypeScript core
 * and this job (test/helpers/aggregation-fixtures.ts reads the same files).
 */
final class AggregationFixture {
    static final Path DIRECTORY = Paths.get("..", "test", "fixtures", "aggregation");

    final String name;
    private final JsonNode json;

    private AggregationFixture(String name, JsonNode json) {
        this.name = name;
        this.json = json;
    }

    static List<AggregationFixture> all() throws IOException {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            List<Path> sorted =
                    files.filter(file -> file.toString().endsWith(".json")).sorted().collect(Collectors.toList());
            List<AggregationFixture> fixtures = new ArrayList<>();
            for (Path file : sorted) {
                String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                fixtures.add(new AggregationFixture(name, JobOutputs.MAPPER.readTree(file.toFile())));
            }
            return fixtures;
        }
    }

    String description() {
        return json.get("description").asText();
    }

    /** The fixture's config as the job's {@code Aggregation} property group. */
    AggregationSettings settings() {
        JsonNode config = json.get("config");
        return settings(
                config.get("period_seconds").asText(),
                config.get("attribution_window_seconds").asText(),
                config.get("click_window_seconds").asText(),
                config.get("allowed_lateness_seconds").asText());
    }

    /** The settings every current fixture uses: 10 s windows, 60 s attribution, 120 s clicks, 2 s lateness. */
    static AggregationSettings defaultFixtureSettings() {
        return settings("10", "60", "120", "2");
    }

    private static AggregationSettings settings(String period, String attribution, String click, String lateness) {
        Properties properties = new Properties();
        properties.setProperty("period.seconds", period);
        properties.setProperty("attribution.window.seconds", attribution);
        properties.setProperty("click.window.seconds", click);
        properties.setProperty("allowed.lateness.seconds", lateness);
        return AggregationSettings.fromProperties(properties);
    }

    /** The input in arrival order, then the end of input: a watermark that closes everything. */
    List<ReplayItem> items() {
        List<ReplayItem> items = new ArrayList<>();
        for (JsonNode item : json.get("input")) {
            if (item.has("watermark")) items.add(ReplayItem.watermark(item.get("watermark").asLong()));
            else if (item.has("raw")) items.add(ReplayItem.record(item.get("raw").asText()));
            else items.add(ReplayItem.record(item.get("event").toString()));
        }
        items.add(ReplayItem.watermark(Long.MAX_VALUE));
        return items;
    }

    JsonNode expected() {
        return JobOutputs.sorted(json.get("expected"));
    }

    @Override
    public String toString() {
        return name;
    }
}
