package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record the aggregation did not count, and why: {@code malformed} (the parser rejected it),
 * {@code duplicate} (not the first of its kind for its transaction) or {@code late} (its window
 * is past the correction horizon). Only the fields the reason has are set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DroppedRecord {
    public static final String MALFORMED = "malformed";
    public static final String DUPLICATE = "duplicate";
    public static final String LATE = "late";

    @JsonProperty("reason")
    public String reason;

    @JsonProperty("type")
    public EventKind type;

    @JsonProperty("tx_id")
    public String txId;

    @JsonProperty("campaign_item_id")
    public Long campaignItemId;

    @JsonProperty("timestamp")
    public Long timestamp;

    @JsonProperty("raw")
    public String raw;

    public static DroppedRecord malformed(String raw) {
        DroppedRecord record = of(MALFORMED, null);
        record.raw = raw;
        return record;
    }

    public static DroppedRecord duplicate(BcnsEvent event) {
        DroppedRecord record = of(DUPLICATE, event.kind);
        record.txId = event.txId;
        record.timestamp = event.timestamp;
        return record;
    }

    public static DroppedRecord late(Contribution contribution) {
        DroppedRecord record = of(LATE, contribution.kind);
        record.campaignItemId = contribution.campaignItemId;
        record.timestamp = contribution.timestamp;
        return record;
    }

    private static DroppedRecord of(String reason, EventKind type) {
        DroppedRecord record = new DroppedRecord();
        record.reason = reason;
        record.type = type;
        return record;
    }
}
