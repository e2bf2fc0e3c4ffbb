package com.sdp.aggregation;

/** A transaction's first impression or click, and whether it has joined and been counted. */
public class SeenEvent {
    public long timestamp;
    /** The clearing price; impressions only. */
    public long price;
    public boolean counted;

    public static SeenEvent of(BcnsEvent event) {
        SeenEvent seen = new SeenEvent();
        seen.timestamp = event.timestamp;
        seen.price = event.winPrice;
        return seen;
    }
}
