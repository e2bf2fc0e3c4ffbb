package com.sdp.aggregation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses one {@code bcns} record exactly as {@code parseBcnsRecord} in
 * lambda/domain/aggregation/aggregation-records.ts does: the stream may carry anything a producer
 * wrote, and a record the TypeScript core rejects must be rejected here too, and vice versa.
 */
public final class BcnsRecordParser {
    /** A Kinesis partition key holds at most 256 characters; a longer tx_id could never be written back. */
    static final int MAX_TX_ID_LENGTH = 256;
    /** 9999-12-31T23:59:59.999Z: later instants have no four-digit-year ISO-8601 period. */
    static final long MAX_TIMESTAMP = 253_402_300_799_999L;

    /** JavaScript's Number.MAX_SAFE_INTEGER: the TypeScript core only accepts safe integers. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    // JSON.parse has no length or depth limits of its own, so Jackson's defaults would reject
    // records the TypeScript core accepts; trailing content, which JSON.parse rejects, must fail.
    private static final ObjectMapper MAPPER =
            JsonMapper.builder(
                            JsonFactory.builder()
                                    .streamReadConstraints(
                                            StreamReadConstraints.builder()
                                                    .maxNumberLength(Integer.MAX_VALUE)
                                                    .maxNestingDepth(Integer.MAX_VALUE)
                                                    .maxNameLength(Integer.MAX_VALUE)
                                                    .maxStringLength(Integer.MAX_VALUE)
                                                    .build())
                                    .build())
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private BcnsRecordParser() {}

    public static BcnsInput parse(String data) {
        BcnsEvent event = parseEvent(data);
        return event == null ? BcnsInput.malformed(data) : BcnsInput.valid(event);
    }

    /** Returns null for a record the aggregation cannot use. */
    static BcnsEvent parseEvent(String data) {
        JsonNode record;
        try {
            record = MAPPER.readTree(data);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (record == null || !record.isObject()) return null;
        JsonNode txId = record.get("tx_id");
        JsonNode timestamp = record.get("timestamp");
        JsonNode type = record.get("type");
        if (!isString(txId) || txId.textValue().isEmpty() || txId.textValue().length() > MAX_TX_ID_LENGTH
                || !isCount(timestamp) || timestamp.longValue() > MAX_TIMESTAMP || !isString(type)) {
            return null;
        }
        switch (type.textValue()) {
            case "bid":
                return bid(record, txId.textValue(), count(timestamp));
            case "imp":
                JsonNode price = record.get("win_price");
                return isCount(price) ? BcnsEvent.impression(txId.textValue(), count(timestamp), count(price)) : null;
            case "click":
                return BcnsEvent.click(txId.textValue(), count(timestamp));
            default:
                return null;
        }
    }

    private static BcnsEvent bid(JsonNode record, String txId, long timestamp) {
        JsonNode campaign = record.get("campaign_item_id");
        JsonNode appUid = record.get("app_uid");
        JsonNode domain = record.get("domain");
        JsonNode creativeId = record.get("creative_id");
        JsonNode creativeCategory = record.get("creative_category");
        JsonNode bidPrice = record.get("win_price");
        if (!isCount(campaign) || !isString(appUid)) return null;
        if (!optionalString(domain) || !optionalString(creativeId) || !optionalString(creativeCategory)) return null;
        if (!isAbsent(bidPrice) && !isCount(bidPrice)) return null;
        return BcnsEvent.bid(
                txId,
                timestamp,
                count(campaign),
                appUid.textValue(),
                text(domain),
                text(creativeId),
                text(creativeCategory),
                isAbsent(bidPrice) ? null : count(bidPrice));
    }

    /** JSON numbers are doubles in JavaScript, so 1.0 and 1e3 are integers there and must be here. */
    private static boolean isCount(JsonNode node) {
        if (node == null || !node.isNumber()) return false;
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() && node.longValue() >= 0 && node.longValue() <= MAX_SAFE_INTEGER;
        }
        double value = node.doubleValue();
        return value >= 0 && value <= MAX_SAFE_INTEGER && value == Math.floor(value);
    }

    private static long count(JsonNode node) {
        return node.isIntegralNumber() ? node.longValue() : (long) node.doubleValue();
    }

    private static boolean isString(JsonNode node) {
        return node != null && node.isTextual();
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static boolean optionalString(JsonNode node) {
        return isAbsent(node) || isString(node);
    }

    private static String text(JsonNode node) {
        return isAbsent(node) ? null : node.textValue();
    }
}
