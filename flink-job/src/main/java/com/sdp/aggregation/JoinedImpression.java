package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An impression joined to its bid: a record of the {@code impressions} stream. Absent bid fields are null. */
public class JoinedImpression {
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

    /** The bid's offered price. */
    @JsonProperty("bid_price")
    public Long bidPrice;

    /** The clearing price. */
    @JsonProperty("win_price")
    public long winPrice;

    @JsonProperty("bid_timestamp")
    public long bidTimestamp;

    @JsonProperty("timestamp")
    public long timestamp;

    public static JoinedImpression of(String txId, BidInfo bid, SeenEvent imp) {
        JoinedImpression record = new JoinedImpression();
        record.fill(txId, bid, imp);
        return record;
    }

    /** Copies the bid's fields and the impression's price and time. */
    protected void fill(String txId, BidInfo bid, SeenEvent imp) {
        this.txId = txId;
        this.campaignItemId = bid.campaignItemId;
        this.appUid = bid.appUid;
        this.domain = bid.domain;
        this.creativeId = bid.creativeId;
        this.creativeCategory = bid.creativeCategory;
        this.bidPrice = bid.bidPrice;
        this.winPrice = imp.price;
        this.bidTimestamp = bid.timestamp;
        this.timestamp = imp.timestamp;
    }
}
