package com.sdp.aggregation;

/** Kinesis partition keys: never constant, so records spread over the output stream's shards. */
final class PartitionKeys {
    /** Kinesis rejects a whole PutRecords call for a key over 256 characters. */
    private static final int MAX_CODE_POINTS = 256;

    private PartitionKeys() {}

    /**
     * The transaction id, cut to the longest key Kinesis takes: the bcns parser, like the
     * TypeScript one, does not bound tx_id, and one long id must not fail every write after it.
     */
    static String ofTx(String txId) {
        if (txId.codePointCount(0, txId.length()) <= MAX_CODE_POINTS) return txId;
        return txId.substring(0, txId.offsetByCodePoints(0, MAX_CODE_POINTS));
    }

    /** A failed event's transaction, else (malformed) a hash of its text, as failedEventPartitionKey in TypeScript. */
    static String ofFailed(FailedEvent record) {
        if (record.txId != null) return ofTx(record.txId);
        return Integer.toHexString(record.event.hashCode());
    }
}
