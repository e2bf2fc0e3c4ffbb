package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A click joined to its impression and bid: a record of the {@code clicks} stream. */
public class JoinedClick {
    @JsonProperty("tx_id")
    public String txId;

    @JsonProperty("campaign_item_id")
    public long campaignItemId;

    @JsonProperty("app_uid")
    public String appUid;

    @JsonProperty("domain")
    public String domain;

    @JsonProperty("creative_id")
    public String creativeId;

    @JsonProperty("creative_category")
    public String creativeCategory;

    @JsonProperty("bid_price")
    public Long bidPrice;

    @JsonProperty("win_price")
    public long winPrice;

    @JsonProperty("bid_timestamp")
    public long bidTimestamp;

    @JsonProperty("impression_timestamp")
    public long impressionTimestamp;

    /** The click's own time. */
    @JsonProperty("timestamp")
    public long timestamp;

    public static JoinedClick of(String txId, BidInfo bid, SeenEvent imp, SeenEvent click) {
        JoinedClick record = new JoinedClick();
        record.txId = txId;
        record.campaignItemId = bid.campaignItemId;
        record.appUid = bid.appUid;
        record.domain = bid.domain;
        record.creativeId = bid.creativeId;
        record.creativeCategory = bid.creativeCategory;
        record.bidPrice = bid.bidPrice;
        record.winPrice = imp.price;
        record.bidTimestamp = bid.timestamp;
        record.impressionTimestamp = imp.timestamp;
        record.timestamp = click.timestamp;
        return record;
    }
}
