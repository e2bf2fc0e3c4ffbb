package com.sdp.aggregation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Disordered traffic with joins in both orders, retries, malformed and late records and explicit
 * watermarks, and a pause point in the middle. The first item after the pause is a bid for a
 * window purged long ago: it must be dropped as late after a restore just as without one.
 */
final class SavepointScenario {
    private static final long START = 1_767_225_600_000L;
    private static final long OUT_OF_ORDERNESS_MS = 5_000;

    final List<ReplayItem> items = new ArrayList<>();
    final int pauseAt;

    SavepointScenario(long seed, int transactions) {
        Random random = new Random(seed);
        List<Long> arrivals = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int k = 0; k < transactions; k++) {
            long bid = START + k * 500L + random.nextInt(400);
            String tx = "tx-" + k;
            add(arrivals, records, bid, random, bid(tx, 1001 + random.nextInt(4), bid));
            if (random.nextInt(10) == 0) add(arrivals, records, bid + 20_000, random, bid(tx, 1001, bid + 20_000));
            if (random.nextInt(50) == 0) add(arrivals, records, bid, random, bid("late-" + k, 1002, bid - 250_000));
            if (random.nextInt(100) < 55) {
                long imp = bid - 20_000 + random.nextInt(90_000);
                String price = ",\"win_price\":" + (1 + random.nextInt(5000));
                add(arrivals, records, imp, random, event("imp", tx, imp, price));
                if (random.nextInt(100) < 35) {
                    long click = imp - 10_000 + random.nextInt(140_000);
                    add(arrivals, records, click, random, event("click", tx, click, ""));
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) order.add(i);
        order.sort(Comparator.comparingLong(i -> arrivals.get(i)));
        long watermark = Long.MIN_VALUE;
        int pause = 0;
        for (int n = 0; n < order.size(); n++) {
            if (n % 50 == 0) items.add(ReplayItem.record("{\"type\":\"bid\",\"tx_id\":" + n + "}"));
            items.add(ReplayItem.record(records.get(order.get(n))));
            if (n % 25 == 24) {
                watermark = arrivals.get(order.get(n)) - OUT_OF_ORDERNESS_MS;
                items.add(ReplayItem.watermark(watermark));
            }
            if (n == order.size() / 2) {
                pause = items.size();
                items.add(ReplayItem.record(bid("purged-window", 1003, watermark - 300_000)));
            }
        }
        items.add(ReplayItem.watermark(Long.MAX_VALUE));
        pauseAt = pause;
    }

    private static void add(List<Long> arrivals, List<String> records, long at, Random random, String record) {
        arrivals.add(at + random.nextInt(4_000));
        records.add(record);
    }

    private static String bid(String tx, long campaign, long timestamp) {
        return event("bid", tx, timestamp, ",\"campaign_item_id\":" + campaign + ",\"app_uid\":\"app-" + tx + "\"");
    }

    private static String event(String type, String tx, long timestamp, String fields) {
        return "{\"type\":\"" + type + "\",\"tx_id\":\"" + tx + "\",\"timestamp\":" + timestamp + fields + "}";
    }
}
