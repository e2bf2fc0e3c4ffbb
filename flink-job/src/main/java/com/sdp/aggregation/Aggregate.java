package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One campaign × window with absolute counts: a record of the {@code aggregates} stream. {@code
 * version} is the sum of the counts, so it grows with every change and a store can apply
 * aggregates idempotently and in order.
 */
public class Aggregate {
    private static final DateTimeFormatter PERIOD =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @JsonProperty("campaign_item_id")
    public long campaignItemId;

    /** Window start, ISO-8601 UTC with whole seconds, e.g. 2026-11-22T10:15:00Z. */
    @JsonProperty("period")
    public String period;

    @JsonProperty("bids")
    public long bids;

    @JsonProperty("impressions")
    public long impressions;

    @JsonProperty("clicks")
    public long clicks;

    /** Sum of the counted impressions' clearing prices. */
    @JsonProperty("spend")
    public long spend;

    @JsonProperty("version")
    public long version;

    public static Aggregate of(long campaignItemId, long windowStart, WindowCounts counts) {
        Aggregate aggregate = new Aggregate();
        aggregate.campaignItemId = campaignItemId;
        aggregate.period = PERIOD.format(Instant.ofEpochMilli(windowStart));
        aggregate.bids = counts.bids;
        aggregate.impressions = counts.impressions;
        aggregate.clicks = counts.clicks;
        aggregate.spend = counts.spend;
        aggregate.version = counts.bids + counts.impressions + counts.clicks;
        return aggregate;
    }
}
