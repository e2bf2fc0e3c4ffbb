package com.sdp.aggregation;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;

/**
 * Emits its split's items in order: records through the production deserializer, watermarks as
 * they are. Stops (without finishing) at {@code pauseAt}, so a test can take a savepoint there.
 */
final class ReplayReader implements SourceReader<BcnsInput, ReplaySplit> {
    private final List<ReplayItem> items;
    private final int pauseAt;
    private final Runnable onPause;
    private final BcnsDeserializationSchema schema = new BcnsDeserializationSchema();
    private ReplaySplit split;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    ReplayReader(List<ReplayItem> items, int pauseAt, Runnable onPause) {
        this.items = items;
        this.pauseAt = pauseAt;
        this.onPause = onPause;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<BcnsInput> output) {
        if (split == null || split.next >= items.size()) {
            return noMoreSplits ? InputStatus.END_OF_INPUT : waitForever();
        }
        if (split.next >= pauseAt) {
            onPause.run();
            return waitForever();
        }
        ReplayItem item = items.get(split.next);
        split.next += split.stride;
        if (item.isWatermark()) output.emitWatermark(new Watermark(item.watermark));
        else output.collect(schema.deserialize(item.data));
        return InputStatus.MORE_AVAILABLE;
    }

    /** Until the enumerator sends something, or for good once paused: the task then only serves checkpoints. */
    private InputStatus waitForever() {
        if (available.isDone()) available = new CompletableFuture<>();
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<ReplaySplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(new ReplaySplit(split.first, split.stride, split.next));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<ReplaySplit> splits) {
        split = splits.get(0);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {}
}
