package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record the aggregation refused, with the reason, for the {@code failed_events} stream
 * (lambda/domain/failed-events/failed-event.ts; the shared vectors check both give the same):
 * {@code malformed}, {@code too_late} (its window passed the correction horizon),
 * {@code impression_without_bid} and {@code click_without_impression} (never joined before their
 * transaction expired). Events are rebuilt from the state in the schema's field order.
 */
@JsonPropertyOrder({"reason", "stage", "tx_id", "type", "event_timestamp", "event", "timestamp"})
public class FailedEvent {
    public static final String MALFORMED = "malformed";
    public static final String TOO_LATE = "too_late";
    public static final String IMPRESSION_WITHOUT_BID = "impression_without_bid";
    public static final String CLICK_WITHOUT_IMPRESSION = "click_without_impression";
    static final String STAGE = "aggregation";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @JsonProperty("reason")
    public String reason;

    @JsonProperty("stage")
    public String stage = STAGE;

    @JsonProperty("tx_id")
    public String txId;

    @JsonProperty("type")
    public EventKind type;

    @JsonProperty("event_timestamp")
    public Long eventTimestamp;

    /** The original record as JSON text; a malformed one exactly as it was on the stream. */
    @JsonProperty("event")
    public String event;

    /** When the job refused it: the operator's wall clock, epoch ms. */
    @JsonProperty("timestamp")
    public long timestamp;

    public static FailedEvent malformed(String raw) {
        FailedEvent failed = new FailedEvent();
        failed.reason = MALFORMED;
        failed.event = raw;
        failed.timestamp = System.currentTimeMillis();
        return failed;
    }

    public static FailedEvent tooLate(Contribution contribution) {
        String event;
        switch (contribution.kind) {
            case BID:
                event = bidEvent(contribution.txId, contribution.bid);
                break;
            case IMP:
                event = impressionEvent(contribution.txId, contribution.timestamp, contribution.spend);
                break;
            default:
                event = clickEvent(contribution.txId, contribution.timestamp);
        }
        return of(TOO_LATE, contribution.txId, contribution.kind, contribution.timestamp, event);
    }

    public static FailedEvent impressionWithoutBid(String txId, SeenEvent imp) {
        return of(IMPRESSION_WITHOUT_BID, txId, EventKind.IMP, imp.timestamp, impressionEvent(txId, imp.timestamp, imp.price));
    }

    public static FailedEvent clickWithoutImpression(String txId, SeenEvent click) {
        return of(CLICK_WITHOUT_IMPRESSION, txId, EventKind.CLICK, click.timestamp, clickEvent(txId, click.timestamp));
    }

    private static FailedEvent of(String reason, String txId, EventKind type, long eventTimestamp, String event) {
        FailedEvent failed = new FailedEvent();
        failed.reason = reason;
        failed.txId = txId;
        failed.type = type;
        failed.eventTimestamp = eventTimestamp;
        failed.event = event;
        failed.timestamp = System.currentTimeMillis();
        return failed;
    }

    static String bidEvent(String txId, BidInfo bid) {
        ObjectNode node = base(txId, EventKind.BID, bid.timestamp);
        node.put("campaign_item_id", bid.campaignItemId);
        node.put("app_uid", bid.appUid);
        if (bid.domain != null) node.put("domain", bid.domain);
        if (bid.creativeId != null) node.put("creative_id", bid.creativeId);
        if (bid.creativeCategory != null) node.put("creative_category", bid.creativeCategory);
        if (bid.bidPrice != null) node.put("win_price", bid.bidPrice);
        return node.toString();
    }

    static String impressionEvent(String txId, long timestamp, long price) {
        return base(txId, EventKind.IMP, timestamp).put("win_price", price).toString();
    }

    static String clickEvent(String txId, long timestamp) {
        return base(txId, EventKind.CLICK, timestamp).toString();
    }

    private static ObjectNode base(String txId, EventKind type, long timestamp) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("tx_id", txId);
        node.put("type", type.wireName());
        node.put("timestamp", timestamp);
        return node;
    }
}
