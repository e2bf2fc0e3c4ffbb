package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A duplicate the aggregation did not count: not the first of its kind for its transaction. A
 * duplicate is a client retry or a redelivery, not a failure, so it is only counted (the
 * {@code duplicateRecords} metric); tests collect these to check the shared vectors' counts.
 */
public class DroppedRecord {
    @JsonProperty("type")
    public EventKind type;

    @JsonProperty("tx_id")
    public String txId;

    @JsonProperty("timestamp")
    public Long timestamp;

    public static DroppedRecord duplicate(BcnsEvent event) {
        DroppedRecord record = new DroppedRecord();
        record.type = event.kind;
        record.txId = event.txId;
        record.timestamp = event.timestamp;
        return record;
    }
}
