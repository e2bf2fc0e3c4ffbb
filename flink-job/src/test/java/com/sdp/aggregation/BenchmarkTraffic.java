package com.sdp.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Realistic bcns traffic for the throughput benchmark: a bid every 1–3 ms of event time over 200
 * campaigns, 30% of bids followed 50 ms–3 s later by their impression, 10% of impressions by a
 * click 1–60 s later, all in timestamp order as the ingestion API stamps them.
 */
final class BenchmarkTraffic {
    private static final long START = 1_767_225_600_000L;

    private BenchmarkTraffic() {}

    static List<ReplayItem> generate(int events, int campaigns, long seed) {
        Random random = new Random(seed);
        PriorityQueue<Scheduled> later = new PriorityQueue<>(Comparator.comparingLong(s -> s.timestamp));
        List<ReplayItem> items = new ArrayList<>(events);
        long now = START;
        for (long tx = 0; items.size() < events; tx++) {
            now += 1 + random.nextInt(3);
            while (!later.isEmpty() && later.peek().timestamp <= now && items.size() < events) {
                items.add(ReplayItem.record(later.poll().record));
            }
            String txId = String.format("%016x-%08d", random.nextLong(), tx);
            items.add(ReplayItem.record(bid(txId, 1000 + random.nextInt(campaigns), now, random)));
            if (random.nextInt(100) < 30) {
                long imp = now + 50 + random.nextInt(2_950);
                later.add(new Scheduled(imp, "{\"type\":\"imp\",\"tx_id\":\"" + txId + "\",\"win_price\":"
                        + (100 + random.nextInt(5_000)) + ",\"timestamp\":" + imp + "}"));
                if (random.nextInt(100) < 10) {
                    long click = imp + 1_000 + random.nextInt(59_000);
                    later.add(new Scheduled(
                            click, "{\"type\":\"click\",\"tx_id\":\"" + txId + "\",\"timestamp\":" + click + "}"));
                }
            }
        }
        return items;
    }

    private static String bid(String txId, int campaign, long timestamp, Random random) {
        return "{\"type\":\"bid\",\"tx_id\":\"" + txId + "\",\"campaign_item_id\":" + campaign
                + ",\"app_uid\":\"app-" + random.nextInt(100_000) + "\",\"domain\":\"site-" + random.nextInt(500)
                + ".example\",\"creative_id\":\"cr-" + random.nextInt(1_000) + "\",\"creative_category\":\"IAB"
                + (1 + random.nextInt(26)) + "\",\"win_price\":" + (100 + random.nextInt(5_000)) + ",\"timestamp\":"
                + timestamp + "}";
    }

    private static final class Scheduled {
        final long timestamp;
        final String record;

        Scheduled(long timestamp, String record) {
            this.timestamp = timestamp;
            this.record = record;
        }
    }
}
