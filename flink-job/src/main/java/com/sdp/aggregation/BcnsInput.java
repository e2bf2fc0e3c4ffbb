package com.sdp.aggregation;

/**
 * What the source hands the job for one {@code bcns} record: the parsed event, or the raw text of a
 * record the parser rejected. Parsing happens in the source so each shard's watermark can follow
 * the events' own timestamps.
 */
public class BcnsInput {
    public BcnsEvent event;
    public String malformed;

    public static BcnsInput valid(BcnsEvent event) {
        BcnsInput input = new BcnsInput();
        input.event = event;
        return input;
    }

    public static BcnsInput malformed(String raw) {
        BcnsInput input = new BcnsInput();
        input.malformed = raw;
        return input;
    }

    /** A malformed record has no event time; the lowest value keeps it out of watermark progress. */
    public long eventTimestamp() {
        return event == null ? Long.MIN_VALUE : event.timestamp;
    }
}
