package com.sdp.aggregation;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** A checkpointable source over registered {@link ReplayItem}s, standing in for the Kinesis source. */
final class ReplaySource implements Source<BcnsInput, ReplaySplit, List<ReplaySplit>> {
    private static final long serialVersionUID = 1L;
    private static final Set<String> PAUSED = ConcurrentHashMap.newKeySet();
    private final String itemsKey;
    private final int pauseAt;

    ReplaySource(String itemsKey, int pauseAt) {
        this.itemsKey = itemsKey;
        this.pauseAt = pauseAt;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<ReplaySplit, List<ReplaySplit>> createEnumerator(
            SplitEnumeratorContext<ReplaySplit> context) {
        return new ReplayEnumerator(context, ReplaySplit.all(context.currentParallelism()));
    }

    @Override
    public SplitEnumerator<ReplaySplit, List<ReplaySplit>> restoreEnumerator(
            SplitEnumeratorContext<ReplaySplit> context, List<ReplaySplit> unassigned) {
        return new ReplayEnumerator(context, unassigned);
    }

    @Override
    public SimpleVersionedSerializer<ReplaySplit> getSplitSerializer() {
        return ReplaySplit.SERIALIZER;
    }

    @Override
    public SimpleVersionedSerializer<List<ReplaySplit>> getEnumeratorCheckpointSerializer() {
        return ReplaySplit.LIST_SERIALIZER;
    }

    @Override
    public SourceReader<BcnsInput, ReplaySplit> createReader(SourceReaderContext context) {
        return new ReplayReader(ReplayItem.registered(itemsKey), pauseAt, () -> PAUSED.add(itemsKey));
    }

    /** Whether a reader of these items has stopped at its pause point. */
    static boolean paused(String itemsKey) {
        return PAUSED.contains(itemsKey);
    }
}
