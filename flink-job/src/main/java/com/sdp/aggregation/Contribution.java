package com.sdp.aggregation;

/** One counted event on its way from the join (stage 1) to its campaign's window (stage 2). */
public class Contribution {
    public long campaignItemId;
    public long timestamp;
    public EventKind kind;
    /** The clearing price for an impression, else 0. */
    public long spend;
    /** The transaction and its bid, to rebuild the event should its window be past the horizon. */
    public String txId;
    public BidInfo bid;

    public static Contribution of(String txId, BidInfo bid, long timestamp, EventKind kind, long spend) {
        Contribution contribution = new Contribution();
        contribution.txId = txId;
        contribution.bid = bid;
        contribution.campaignItemId = bid.campaignItemId;
        contribution.timestamp = timestamp;
        contribution.kind = kind;
        contribution.spend = spend;
        return contribution;
    }
}
