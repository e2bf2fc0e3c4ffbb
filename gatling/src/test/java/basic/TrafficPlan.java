package basic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic of one run, reproducible from (runId, seed): transaction {@code i} is a pure function
 * of them, so a run's events do not depend on which Gatling thread drew which index. Each run gets
 * its own block of campaign ids, far from the ones {@code sdp generate} uses, so that data already in
 * the platform never mixes into the run's counts.
 */
public final class TrafficPlan {

    static final long FIRST_CAMPAIGN_BLOCK = 100_000_000L;
    private static final int CAMPAIGN_BLOCKS = 1_900_000;
    /** Offered prices are micro-units of currency; the median bid offers 1.50. */
    static final long MEDIAN_PRICE = 1_500_000L;
    private static final int APP_USERS = 20_000;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private static final String[] SITES = {
        "news", "weather", "sports", "recipes", "games", "video", "finance", "travel", "tech", "music",
        "movies", "health", "cars", "fashion", "home", "kids", "science", "books", "pets", "golf",
    };
    private static final String[] SUFFIXES = {".example.com", ".example.net", ".example.org"};
    /** IAB content categories, each with its P(click | impression). */
    private static final String[] CATEGORIES = {
        "IAB1", "IAB2", "IAB3", "IAB7", "IAB8", "IAB9", "IAB13", "IAB17", "IAB18", "IAB19", "IAB20", "IAB22",
    };
    private static final double[] CLICK_RATES = {
        0.06, 0.12, 0.05, 0.08, 0.10, 0.07, 0.18, 0.09, 0.11, 0.14, 0.20, 0.15,
    };

    private final String runId;
    private final long seed;
    private final long firstCampaign;
    private final int campaigns;
    private final long streamSeed;
    private final AtomicLong nextIndex = new AtomicLong();

    public TrafficPlan(String runId, long seed, int campaigns) {
        this.runId = runId;
        this.seed = seed;
        this.campaigns = campaigns;
        this.firstCampaign = firstCampaign(runId);
        this.streamSeed = fnv1a(runId) ^ (seed * GOLDEN_GAMMA);
    }

    /** The first id of the run's campaign block: one of 1.9 million blocks of 1000 ids. */
    public static long firstCampaign(String runId) {
        return FIRST_CAMPAIGN_BLOCK + Math.floorMod(fnv1a(runId), CAMPAIGN_BLOCKS) * (long) RunSettings.MAX_CAMPAIGNS;
    }

    public long firstCampaign() {
        return firstCampaign;
    }

    public long lastCampaign() {
        return firstCampaign + campaigns - 1;
    }

    public Transaction next() {
        return transaction(nextIndex.getAndIncrement());
    }

    public List<Transaction> next(int count) {
        long first = nextIndex.getAndAdd(count);
        List<Transaction> batch = new ArrayList<>(count);
        for (long index = first; index < first + count; index++) batch.add(transaction(index));
        return batch;
    }

    public Transaction transaction(long index) {
        SplittableRandom random = new SplittableRandom(streamSeed + index * GOLDEN_GAMMA);
        // Squaring skews traffic toward the low slots: a few busy campaigns and a long tail of quiet ones.
        long campaign = firstCampaign + (long) (campaigns * Math.pow(random.nextDouble(), 2));
        int site = random.nextInt(SITES.length * SUFFIXES.length);
        String domain = (site % 2 == 0 ? "www." : "") + SITES[site % SITES.length] + SUFFIXES[site / SITES.length];
        int category = random.nextInt(CATEGORIES.length);
        // Log-normal prices: most offers near the median, a long tail of high ones.
        long offer = Math.max(1, Math.round(MEDIAN_PRICE * Math.exp(0.6 * random.nextGaussian())));
        boolean won = random.nextDouble() < winProbability(domain, offer);
        Long clearing = won ? Math.round(offer * (0.6 + 0.4 * random.nextDouble())) : null;
        return new Transaction(
                uuid(runId + "/" + seed + "/tx/" + index),
                campaign,
                uuid("app/" + seed + "/" + random.nextInt(APP_USERS)),
                domain,
                String.format("cr-%016x", fnv1a(campaign + "/" + random.nextInt(6))).substring(0, 11),
                CATEGORIES[category],
                offer,
                clearing,
                won && random.nextDouble() < CLICK_RATES[category],
                Duration.ofMillis(50 + random.nextInt(350)),
                Duration.ofMillis(200 + random.nextInt(1300)));
    }

    /** Between 30 % and 60 % at the median price depending on the site, higher for richer offers. */
    static double winProbability(String domain, long offer) {
        double siteRate = 0.30 + 0.30 * Math.floorMod(fnv1a(domain), 1000) / 999.0;
        return Math.min(0.95, siteRate * Math.sqrt((double) offer / MEDIAN_PRICE));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
