package com.sdp.aggregation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A run's outputs in the shape of a fixture's {@code expected}: every aggregate emitted (sorted by
 * campaign, period, version), impressions and clicks (sorted by tx_id), the dropped counts and the
 * failed events without their wall-clock {@code timestamp} (sorted as compareFailedEvents in TypeScript).
 * Records are compared as parsed JSON, never as strings.
 */
final class JobOutputs {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Comparator<JsonNode> BY_WINDOW_VERSION = Comparator.<JsonNode>comparingLong(
                    node -> node.get("campaign_item_id").asLong())
            .thenComparing(node -> node.get("period").asText())
            .thenComparingLong(node -> node.get("version").asLong());
    // Ties (a transaction that expired and joined again) fall back to the whole record.
    private static final Comparator<JsonNode> BY_TX = Comparator.<JsonNode, String>comparing(
                    node -> node.get("tx_id").asText())
            .thenComparing(JsonNode::toString);

    private static final Comparator<JsonNode> BY_REASON_TX = Comparator.<JsonNode, String>comparing(
                    node -> node.get("reason").asText())
            .thenComparing(node -> node.get("tx_id").isNull() ? "" : node.get("tx_id").asText())
            .thenComparing(node -> node.get("type").isNull() ? "" : node.get("type").asText())
            .thenComparing(node -> node.get("event").asText());

    private final JsonNode tree;

    JobOutputs(
            List<String> aggregates,
            List<String> impressions,
            List<String> clicks,
            List<String> failedEvents,
            List<String> duplicates) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("aggregates", parse(aggregates));
        root.set("impressions", parse(impressions));
        root.set("clicks", parse(clicks));
        ArrayNode failed = parse(failedEvents);
        ObjectNode counts = root.putObject("dropped");
        counts.put("malformed", countReason(failed, FailedEvent.MALFORMED));
        counts.put("duplicates", duplicates.size());
        counts.put("late", countReason(failed, FailedEvent.TOO_LATE));
        for (JsonNode record : failed) {
            ObjectNode event = (ObjectNode) record;
            if (!event.get("timestamp").canConvertToLong()) {
                throw new IllegalStateException("A failed event has no wall-clock timestamp: " + record);
            }
            event.remove("timestamp");
        }
        root.set("failed_events", failed);
        this.tree = sorted(root);
    }

    private static int countReason(ArrayNode failed, String reason) {
        int count = 0;
        for (JsonNode record : failed) if (record.get("reason").asText().equals(reason)) count++;
        return count;
    }

    /** A fixture's {@code expected}, sorted the same way so the order TypeScript chose cannot matter. */
    static JsonNode sorted(JsonNode expected) {
        ObjectNode copy = expected.deepCopy();
        copy.set("aggregates", sortedArray(copy.get("aggregates"), BY_WINDOW_VERSION));
        copy.set("impressions", sortedArray(copy.get("impressions"), BY_TX));
        copy.set("clicks", sortedArray(copy.get("clicks"), BY_TX));
        copy.set("failed_events", sortedArray(copy.get("failed_events"), BY_REASON_TX));
        return copy;
    }

    JsonNode tree() {
        return tree;
    }

    /** One output stream's records, sorted; a failing comparison then lists only what differs. */
    List<JsonNode> records(String stream) {
        List<JsonNode> records = new ArrayList<>();
        tree.get(stream).forEach(records::add);
        return records;
    }

    private static ArrayNode parse(List<String> records) {
        ArrayNode array = MAPPER.createArrayNode();
        for (String record : records) {
            try {
                array.add(MAPPER.readTree(record));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("The job wrote invalid JSON: " + record, e);
            }
        }
        return array;
    }

    private static ArrayNode sortedArray(JsonNode array, Comparator<JsonNode> order) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        items.sort(order);
        return MAPPER.createArrayNode().addAll(items);
    }
}
