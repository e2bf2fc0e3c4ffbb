package com.sdp.aggregation;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes valid events on and sets malformed records aside, counted, so they never stop the job. */
public class RejectMalformed extends ProcessFunction<BcnsInput, BcnsEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<FailedEvent> MALFORMED =
            new OutputTag<>("malformed", TypeInformation.of(FailedEvent.class));

    private transient Counter malformed;

    @Override
    public void open(OpenContext context) {
        malformed = getRuntimeContext().getMetricGroup().counter("malformedRecords");
    }

    @Override
    public void processElement(BcnsInput input, Context ctx, Collector<BcnsEvent> out) {
        if (input.event != null) {
            out.collect(input.event);
        } else {
            malformed.inc();
            ctx.output(MALFORMED, FailedEvent.malformed(input.malformed));
        }
    }
}
