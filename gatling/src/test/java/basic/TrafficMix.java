package basic;

import java.util.Locale;

/**
 * The first auctions of a run's {@link TrafficPlan} that make up a number of requests: a virtual user of
 * {@link ApiPerformanceTest} posts the bid, then the impression if the auction was won, then the click if
 * the ad was clicked. Gatling is told users per second, so a load generator that wants a request rate
 * asks how many users send that many requests ({@code bench/gatling.ts}); as each user takes the next
 * transaction of the plan, those are exactly the run's users when the platform accepts everything.
 *
 * <pre>java -cp target/test-classes -DrunId=... -Dseed=1 -Dcampaigns=200 basic.TrafficMix 90000</pre>
 */
public record TrafficMix(long transactions, long impressions, long clicks) {

    /** The fewest transactions from the plan's first whose bids, impressions and clicks reach {@code requests}. */
    public static TrafficMix forRequests(TrafficPlan plan, long requests) {
        if (requests < 1) throw new IllegalArgumentException("requests must be at least 1, got " + requests);
        long transactions = 0;
        long impressions = 0;
        long clicks = 0;
        while (transactions + impressions + clicks < requests) {
            Transaction tx = plan.transaction(transactions++);
            if (tx.won()) impressions++;
            if (tx.clicked()) clicks++;
        }
        return new TrafficMix(transactions, impressions, clicks);
    }

    public long requests() {
        return transactions + impressions + clicks;
    }

    public String toJson() {
        return String.format(
                Locale.ROOT,
                "{\"transactions\":%d,\"impressions\":%d,\"clicks\":%d,\"requests\":%d}",
                transactions, impressions, clicks, requests());
    }

    /** Reads the run's settings from system properties, as the simulations do; the argument is the request count. */
    public static void main(String[] args) {
        if (args.length != 1) throw new IllegalArgumentException("Usage: TrafficMix <requests>");
        RunSettings settings = RunSettings.fromSystemProperties();
        TrafficPlan plan = new TrafficPlan(settings.runId(), settings.seed(), settings.campaigns());
        System.out.println(forRequests(plan, Long.parseLong(args[0])).toJson());
    }
}
