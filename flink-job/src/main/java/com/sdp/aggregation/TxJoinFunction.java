package com.sdp.aggregation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 1, keyed by {@code tx_id} (TxJoiner in tx-joiner.ts): keeps the first bid, impression and
 * click of each transaction, joins them within the attribution and click windows in either order
 * of arrival, and emits each counted event once as a contribution to its campaign's window.
 */
public class TxJoinFunction extends KeyedProcessFunction<String, BcnsEvent, Contribution> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<JoinedImpression> IMPRESSIONS =
            new OutputTag<>("impressions", TypeInformation.of(JoinedImpression.class));
    public static final OutputTag<JoinedClick> CLICKS =
            new OutputTag<>("clicks", TypeInformation.of(JoinedClick.class));
    public static final OutputTag<DroppedRecord> DUPLICATES =
            new OutputTag<>("duplicates", TypeInformation.of(DroppedRecord.class));
    /** Impressions and clicks that never joined before their transaction expired. */
    public static final OutputTag<FailedEvent> UNJOINED =
            new OutputTag<>("unjoined", TypeInformation.of(FailedEvent.class));

    private final AggregationSettings settings;
    private transient ValueState<TxState> state;
    private transient Counter duplicates;

    public TxJoinFunction(AggregationSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("tx", TxState.class));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateRecords");
    }

    @Override
    public void processElement(BcnsEvent event, Context ctx, Collector<Contribution> out) throws Exception {
        TxState tx = state.value();
        if (tx == null) tx = new TxState();
        if (!tx.accept(event)) {
            // A duplicate changes nothing, not even how long the transaction is remembered.
            duplicates.inc();
            ctx.output(DUPLICATES, DroppedRecord.duplicate(event));
            return;
        }
        if (event.kind == EventKind.BID) {
            out.collect(Contribution.of(ctx.getCurrentKey(), tx.bid, event.timestamp, EventKind.BID, 0));
        }
        join(ctx.getCurrentKey(), tx, ctx, out);
        if (extendExpiry(tx, event.timestamp + settings.joinWindowsMs(), ctx.timerService())) {
            reportUnjoined(ctx.getCurrentKey(), tx, ctx);
        }
    }

    /** The watermark has reached the transaction's expiry: nothing can join it any more. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Contribution> out) throws Exception {
        TxState tx = state.value();
        if (tx != null) reportUnjoined(ctx.getCurrentKey(), tx, ctx);
        state.clear();
    }

    /** An expiring transaction's impression and click, if they never joined, are failed events. */
    private static void reportUnjoined(String txId, TxState tx, Context ctx) {
        if (tx.imp != null && !tx.imp.counted) ctx.output(UNJOINED, FailedEvent.impressionWithoutBid(txId, tx.imp));
        if (tx.click != null && !tx.click.counted) {
            ctx.output(UNJOINED, FailedEvent.clickWithoutImpression(txId, tx.click));
        }
    }

    private void join(String txId, TxState tx, Context ctx, Collector<Contribution> out) {
        if (tx.bid == null || tx.imp == null) return;
        if (!tx.imp.counted && Math.abs(tx.imp.timestamp - tx.bid.timestamp) <= settings.attributionWindowMs) {
            tx.imp.counted = true;
            out.collect(Contribution.of(txId, tx.bid, tx.imp.timestamp, EventKind.IMP, tx.imp.price));
            ctx.output(IMPRESSIONS, JoinedImpression.of(txId, tx.bid, tx.imp));
        }
        if (tx.imp.counted
                && tx.click != null
                && !tx.click.counted
                && Math.abs(tx.click.timestamp - tx.imp.timestamp) <= settings.clickWindowMs) {
            tx.click.counted = true;
            out.collect(Contribution.of(txId, tx.bid, tx.click.timestamp, EventKind.CLICK, 0));
            ctx.output(CLICKS, JoinedClick.of(txId, tx.bid, tx.imp, tx.click));
        }
    }

    /**
     * Keeps one timer per transaction, at its latest expiry. State that is already expired goes at
     * once, as in the TypeScript core: a timer registered in the past would only fire at the next
     * watermark, and a record arriving before that would still see the old state. Returns true when
     * the state expired at once.
     */
    private boolean extendExpiry(TxState tx, long candidate, TimerService timers) throws Exception {
        long expiresAt = Math.max(tx.expiresAt, candidate);
        boolean hasTimer = tx.expiresAt != 0;
        if (expiresAt <= timers.currentWatermark()) {
            if (hasTimer) timers.deleteEventTimeTimer(tx.expiresAt);
            state.clear();
            return true;
        }
        if (expiresAt != tx.expiresAt) {
            if (hasTimer) timers.deleteEventTimeTimer(tx.expiresAt);
            timers.registerEventTimeTimer(expiresAt);
            tx.expiresAt = expiresAt;
        }
        state.update(tx);
        return false;
    }
}
