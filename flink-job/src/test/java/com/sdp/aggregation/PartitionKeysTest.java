package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    @Test
    void usesTheTransactionIdAsItIs() {
        assertThat(PartitionKeys.ofTx("tx-1")).isEqualTo("tx-1");
    }

    @Test
    void cutsALongTransactionIdTo256CharactersWithoutSplittingASurrogatePair() {
        // Prepare: 255 letters, then emoji that each take two UTF-16 units
        String txId = "a".repeat(255) + "😀😀";

        // Act
        String key = PartitionKeys.ofTx(txId);

        // Assess
        assertThat(key).isEqualTo("a".repeat(255) + "😀");
        assertThat(key.codePointCount(0, key.length())).isEqualTo(256);
    }

    @Test
    void keysFailedEventsByTransactionThenText() {
        BidInfo bid = BidInfo.of(BcnsEvent.bid("tx-9", 1, 1001, "app", null, null, null, null));
        Contribution late = Contribution.of("tx-9", bid, 1, EventKind.BID, 0);

        assertThat(PartitionKeys.ofFailed(FailedEvent.tooLate(late))).isEqualTo("tx-9");
        // The same key failedEventPartitionKey gives in TypeScript: Java's String.hashCode in hex.
        assertThat(PartitionKeys.ofFailed(FailedEvent.malformed("not json"))).isEqualTo("5a7bfe15");
    }
}
