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
    void keysDroppedRecordsByTransactionThenCampaignThenText() {
        BcnsEvent duplicate = BcnsEvent.click("tx-9", 1);
        Contribution late = Contribution.of(1001, 1, EventKind.BID, 0);

        assertThat(PartitionKeys.ofDropped(DroppedRecord.duplicate(duplicate))).isEqualTo("tx-9");
        assertThat(PartitionKeys.ofDropped(DroppedRecord.late(late))).isEqualTo("1001");
        assertThat(PartitionKeys.ofDropped(DroppedRecord.malformed("x")))
                .isEqualTo(Integer.toHexString("x".hashCode()));
    }
}
