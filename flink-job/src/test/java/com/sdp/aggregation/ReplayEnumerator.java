package com.sdp.aggregation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands split i to subtask i when it registers; a restored reader already holds its split. */
final class ReplayEnumerator implements SplitEnumerator<ReplaySplit, List<ReplaySplit>> {
    private final SplitEnumeratorContext<ReplaySplit> context;
    private final List<ReplaySplit> unassigned;

    ReplayEnumerator(SplitEnumeratorContext<ReplaySplit> context, List<ReplaySplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<ReplaySplit> splits, int subtaskId) {
        unassigned.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        for (Iterator<ReplaySplit> it = unassigned.iterator(); it.hasNext(); ) {
            ReplaySplit split = it.next();
            if (split.first % context.currentParallelism() == subtaskId) {
                context.assignSplit(split, subtaskId);
                it.remove();
            }
        }
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public List<ReplaySplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}
}
