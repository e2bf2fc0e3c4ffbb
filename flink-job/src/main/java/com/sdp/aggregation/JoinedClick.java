package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A click joined to its impression and bid: a record of the {@code clicks} stream. It carries the
 * joined impression's fields, with {@code timestamp} the click's own time.
 */
public class JoinedClick extends JoinedImpression {
    @JsonProperty("impression_timestamp")
    public long impressionTimestamp;

    public static JoinedClick of(String txId, BidInfo bid, SeenEvent imp, SeenEvent click) {
        JoinedClick record = new JoinedClick();
        record.fill(txId, bid, imp);
        record.impressionTimestamp = imp.timestamp;
        record.timestamp = click.timestamp;
        return record;
    }
}
