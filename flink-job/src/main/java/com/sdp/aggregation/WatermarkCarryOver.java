package com.sdp.aggregation;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Checkpoints the watermark and re-emits it after a restore, before the first record. Flink keeps
 * timers but not watermarks, so without this the records read right after a restart would meet a
 * watermark of Long.MIN_VALUE: a contribution to an already purged window would open it again and
 * emit a bogus aggregate. The TypeScript core's snapshot keeps its watermark for the same reason.
 */
public final class WatermarkCarryOver<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;
    private static final ListStateDescriptor<Long> WATERMARK = new ListStateDescriptor<>("watermark", Types.LONG);

    private transient ListState<Long> saved;
    private transient long watermark;
    private transient boolean restoredNotEmitted;

    public WatermarkCarryOver() {
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state hands every subtask all the saved values after rescaling; the lowest is safe for all.
        saved = context.getOperatorStateStore().getUnionListState(WATERMARK);
        watermark = Long.MIN_VALUE;
        Long lowest = null;
        for (Long value : saved.get()) lowest = lowest == null ? value : Math.min(lowest, value);
        if (lowest != null) watermark = lowest;
        restoredNotEmitted = watermark != Long.MIN_VALUE;
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        saved.update(List.of(watermark));
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        if (restoredNotEmitted) {
            restoredNotEmitted = false;
            output.emitWatermark(new Watermark(watermark));
        }
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        if (mark.getTimestamp() <= watermark) return;
        watermark = mark.getTimestamp();
        restoredNotEmitted = false;
        output.emitWatermark(mark);
    }
}
