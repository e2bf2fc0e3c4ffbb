package com.sdp.aggregation;

/** One counted event on its way from the join (stage 1) to its campaign's window (stage 2). */
public class Contribution {
    public long campaignItemId;
    public long timestamp;
    public EventKind kind;
    /** The clearing price for an impression, else 0. */
    public long spend;

    public static Contribution of(long campaignItemId, long timestamp, EventKind kind, long spend) {
        Contribution contribution = new Contribution();
        contribution.campaignItemId = campaignItemId;
        contribution.timestamp = timestamp;
        contribution.kind = kind;
        contribution.spend = spend;
        return contribution;
    }
}
