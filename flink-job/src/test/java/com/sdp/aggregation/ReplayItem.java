package com.sdp.aggregation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One thing a test source replays: a raw bcns record, or an explicit watermark. Item lists live in
 * a JVM-wide registry and sources carry only the key, because the MiniCluster runs in this JVM and
 * a benchmark's millions of items should not be serialized into the job graph.
 */
final class ReplayItem {
    private static final Map<String, List<ReplayItem>> REGISTRY = new ConcurrentHashMap<>();

    final byte[] data;
    final long watermark;

    private ReplayItem(byte[] data, long watermark) {
        this.data = data;
        this.watermark = watermark;
    }

    static ReplayItem record(String data) {
        return new ReplayItem(data.getBytes(StandardCharsets.UTF_8), 0);
    }

    static ReplayItem record(byte[] data) {
        return new ReplayItem(data, 0);
    }

    static ReplayItem watermark(long watermark) {
        return new ReplayItem(null, watermark);
    }

    boolean isWatermark() {
        return data == null;
    }

    static String register(List<ReplayItem> items) {
        String key = UUID.randomUUID().toString();
        REGISTRY.put(key, List.copyOf(items));
        return key;
    }

    static List<ReplayItem> registered(String key) {
        return REGISTRY.get(key);
    }

    static void unregister(String key) {
        REGISTRY.remove(key);
    }
}
