package com.sdp.aggregation;

/** What one transaction has seen so far: the first bid, impression and click (TxState in tx-joiner.ts). */
public class TxState {
    public BidInfo bid;
    public SeenEvent imp;
    public SeenEvent click;
    /** Event time at which the state is dropped; 0 until the first event sets it (no timer yet). */
    public long expiresAt;

    /** Keeps the event if it is the first of its kind; returns false for a duplicate. */
    public boolean accept(BcnsEvent event) {
        switch (event.kind) {
            case BID:
                if (bid != null) return false;
                bid = BidInfo.of(event);
                return true;
            case IMP:
                if (imp != null) return false;
                imp = SeenEvent.of(event);
                return true;
            default: // CLICK
                if (click != null) return false;
                click = SeenEvent.of(event);
                return true;
        }
    }
}
