package com.sdp.aggregation;

/** The parts of a transaction's first bid that joined records carry. */
public class BidInfo {
    public long timestamp;
    public long campaignItemId;
    public String appUid;
    public String domain;
    public String creativeId;
    public String creativeCategory;
    public Long bidPrice;

    public static BidInfo of(BcnsEvent bid) {
        BidInfo info = new BidInfo();
        info.timestamp = bid.timestamp;
        info.campaignItemId = bid.campaignItemId;
        info.appUid = bid.appUid;
        info.domain = bid.domain;
        info.creativeId = bid.creativeId;
        info.creativeCategory = bid.creativeCategory;
        info.bidPrice = bid.bidPrice;
        return info;
    }
}
