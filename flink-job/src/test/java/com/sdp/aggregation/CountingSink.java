package com.sdp.aggregation;

import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/** Serializes each record as the Kinesis sink would, then counts it: the benchmark measures the job, not a store. */
final class CountingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    static final LongAdder RECORDS = new LongAdder();

    // Flink 1.19 still requires this overload; 2.x replaces it with createWriter(WriterInitContext).
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        JsonSerialization<T> json = new JsonSerialization<>();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                if (json.serialize(element).length > 0) RECORDS.increment();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
