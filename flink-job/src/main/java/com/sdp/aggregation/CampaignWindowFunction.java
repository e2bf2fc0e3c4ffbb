package com.sdp.aggregation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Stage 2, keyed by campaign (WindowAggregator in window-aggregator.ts): tumbling event-time
 * windows, emitted once when the watermark passes their end plus the allowed lateness, again for
 * every later contribution, and forgotten once no correction can reach them. Flink's window
 * operator cannot do this: a correction can arrive long after the window fired, when the
 * contribution's own join completes.
 */
public class CampaignWindowFunction extends KeyedProcessFunction<Long, Contribution, Aggregate> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<FailedEvent> LATE =
            new OutputTag<>("late", TypeInformation.of(FailedEvent.class));

    private final long periodMs;
    private final long latenessMs;
    private final long horizonMs;
    /** Window start → counts. */
    private transient MapState<Long, WindowCounts> windows;
    private transient Counter late;

    public CampaignWindowFunction(AggregationSettings settings) {
        this.periodMs = settings.periodMs;
        this.latenessMs = settings.allowedLatenessMs;
        this.horizonMs = settings.correctionHorizonMs();
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("windows", Types.LONG, TypeInformation.of(WindowCounts.class)));
        late = getRuntimeContext().getMetricGroup().counter("lateContributions");
    }

    @Override
    public void processElement(Contribution contribution, Context ctx, Collector<Aggregate> out) throws Exception {
        long start = contribution.timestamp - contribution.timestamp % periodMs;
        long end = start + periodMs;
        long watermark = ctx.timerService().currentWatermark();
        if (end + horizonMs <= watermark) {
            late.inc();
            ctx.output(LATE, FailedEvent.tooLate(contribution));
            return;
        }
        WindowCounts counts = windows.get(start);
        boolean opened = counts == null;
        if (opened) {
            counts = new WindowCounts();
            ctx.timerService().registerEventTimeTimer(end + horizonMs);
        }
        counts.add(contribution);
        if (counts.emitted || end + latenessMs <= watermark) {
            counts.emitted = true;
            out.collect(Aggregate.of(ctx.getCurrentKey(), start, counts));
        } else if (opened) {
            ctx.timerService().registerEventTimeTimer(end + latenessMs);
        }
        windows.put(start, counts);
    }

    /**
     * A timer is a window's close (end + lateness) or purge (end + horizon); timers of different
     * windows can share a timestamp, so each firing checks for both.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Aggregate> out) throws Exception {
        long closing = timestamp - periodMs - latenessMs;
        WindowCounts counts = windows.get(closing);
        if (counts != null && !counts.emitted) {
            counts.emitted = true;
            windows.put(closing, counts);
            out.collect(Aggregate.of(ctx.getCurrentKey(), closing, counts));
        }
        windows.remove(timestamp - periodMs - horizonMs);
    }
}
