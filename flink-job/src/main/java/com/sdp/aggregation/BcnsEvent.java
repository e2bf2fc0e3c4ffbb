package com.sdp.aggregation;

/**
 * One valid record of the {@code bcns} stream. A flat POJO rather than a class per kind, so Flink
 * serializes it with its POJO serializer (no Kryo) and the fields a kind does not carry stay at
 * their defaults.
 */
public class BcnsEvent {
    public EventKind kind;
    public String txId;
    public long timestamp;
    /** Bid only. */
    public long campaignItemId;
    public String appUid;
    public String domain;
    public String creativeId;
    public String creativeCategory;
    /** Bid only: the offered price, the bid's optional {@code win_price}. */
    public Long bidPrice;
    /** Impression only: the clearing price. */
    public long winPrice;

    public static BcnsEvent bid(
            String txId,
            long timestamp,
            long campaignItemId,
            String appUid,
            String domain,
            String creativeId,
            String creativeCategory,
            Long bidPrice) {
        BcnsEvent event = of(EventKind.BID, txId, timestamp);
        event.campaignItemId = campaignItemId;
        event.appUid = appUid;
        event.domain = domain;
        event.creativeId = creativeId;
        event.creativeCategory = creativeCategory;
        event.bidPrice = bidPrice;
        return event;
    }

    public static BcnsEvent impression(String txId, long timestamp, long winPrice) {
        BcnsEvent event = of(EventKind.IMP, txId, timestamp);
        event.winPrice = winPrice;
        return event;
    }

    public static BcnsEvent click(String txId, long timestamp) {
        return of(EventKind.CLICK, txId, timestamp);
    }

    private static BcnsEvent of(EventKind kind, String txId, long timestamp) {
        BcnsEvent event = new BcnsEvent();
        event.kind = kind;
        event.txId = txId;
        event.timestamp = timestamp;
        return event;
    }
}
