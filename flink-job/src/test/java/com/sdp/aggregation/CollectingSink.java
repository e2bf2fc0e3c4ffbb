package com.sdp.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Keeps what a stream would have received, as the JSON the production sink writes, in a JVM-wide
 * map (the MiniCluster runs in this JVM). Outputs survive a job stop, so a restored job adds to them.
 */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<String>> COLLECTED = new ConcurrentHashMap<>();

    private final String key;

    CollectingSink(String key) {
        this.key = key;
    }

    static List<String> collected(String key) {
        return new ArrayList<>(COLLECTED.getOrDefault(key, new ConcurrentLinkedQueue<>()));
    }

    static void forget(String keyPrefix) {
        COLLECTED.keySet().removeIf(key -> key.startsWith(keyPrefix));
    }

    // Flink 1.19 still requires this overload; 2.x replaces it with createWriter(WriterInitContext).
    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) {
        Queue<String> queue = COLLECTED.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        JsonSerialization<T> json = new JsonSerialization<>();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                queue.add(new String(json.serialize(element), StandardCharsets.UTF_8));
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
