package com.sdp.aggregation;

/** The counts of one campaign in one window (WindowState in window-aggregator.ts). */
public class WindowCounts {
    public long bids;
    public long impressions;
    public long clicks;
    public long spend;
    /** Whether the window has been emitted once; every later change emits a correction. */
    public boolean emitted;

    public void add(Contribution contribution) {
        switch (contribution.kind) {
            case BID:
                bids++;
                break;
            case IMP:
                impressions++;
                break;
            default:
                clicks++;
        }
        spend += contribution.spend;
    }
}
