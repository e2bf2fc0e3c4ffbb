package com.sdp.aggregation;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of bcns event; the wire name is the value of the record's {@code type} field. */
public enum EventKind {
    BID("bid"),
    IMP("imp"),
    CLICK("click");

    private final String wireName;

    EventKind(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
