package basic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * What the platform accepted during a run, per campaign and event type: the ground truth that
 * {@code verify-run.ts} compares with the reports API and the lake. Gatling calls {@link #record}
 * from many threads at once.
 */
public final class Ledger {

    private static final int MAX_REASONS = 20;

    private final String simulation;
    private final RunSettings settings;
    private final TrafficPlan plan;
    private final Instant startedAt = Instant.now();
    private final Map<Long, Counts> campaigns = new ConcurrentHashMap<>();
    private final Map<IngestOutcome.Kind, LongAdder> requests = new ConcurrentHashMap<>();
    private final Queue<String> ambiguousReasons = new ConcurrentLinkedQueue<>();

    public Ledger(String simulation, RunSettings settings, TrafficPlan plan) {
        this.simulation = simulation;
        this.settings = settings;
        this.plan = plan;
    }

    /** Records one request's events of one type; event {@code i} of the request is {@code transactions.get(i)}. */
    public void record(EventType type, List<Transaction> transactions, IngestOutcome outcome) {
        requests.computeIfAbsent(outcome.kind(), kind -> new LongAdder()).increment();
        if (outcome.kind() == IngestOutcome.Kind.AMBIGUOUS && ambiguousReasons.size() < MAX_REASONS) {
            ambiguousReasons.add(type.route + ": " + outcome.reason());
        }
        for (int i = 0; i < transactions.size(); i++) {
            Counts counts = campaigns.computeIfAbsent(transactions.get(i).campaignItemId(), id -> new Counts());
            LongAdder[] bucket = outcome.isAccepted(i)
                    ? counts.accepted
                    : outcome.kind() == IngestOutcome.Kind.AMBIGUOUS ? counts.ambiguous : counts.rejected;
            bucket[type.ordinal()].increment();
        }
    }

    public long ambiguousRequests() {
        LongAdder adder = requests.get(IngestOutcome.Kind.AMBIGUOUS);
        return adder == null ? 0 : adder.sum();
    }

    /** Writes {@code <ledgerDir>/<runId>.json} and returns its path. */
    public Path write() throws IOException {
        Files.createDirectories(settings.ledgerDir());
        Path file = settings.ledgerDir().resolve(settings.runId() + ".json");
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()));
        return file;
    }

    ObjectNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("run_id", settings.runId());
        root.put("simulation", simulation);
        root.put("base_url", settings.baseUrl());
        root.put("seed", settings.seed());
        root.put("started_at", startedAt.toString());
        root.put("finished_at", Instant.now().toString());
        ObjectNode range = root.putObject("campaign_range");
        range.put("first", plan.firstCampaign());
        range.put("last", plan.lastCampaign());
        ObjectNode requestCounts = root.putObject("requests");
        for (IngestOutcome.Kind kind : IngestOutcome.Kind.values()) {
            LongAdder adder = requests.get(kind);
            requestCounts.put(kind.name().toLowerCase(), adder == null ? 0 : adder.sum());
        }
        putTotals(root.putObject("accepted"), counts -> counts.accepted);
        putTotals(root.putObject("rejected"), counts -> counts.rejected);
        putTotals(root.putObject("ambiguous"), counts -> counts.ambiguous);
        ambiguousReasons.forEach(root.putArray("ambiguous_reasons")::add);
        ObjectNode perCampaign = root.putObject("campaigns");
        campaigns.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            ObjectNode campaign = perCampaign.putObject(String.valueOf(entry.getKey()));
            putCounts(campaign.putObject("accepted"), entry.getValue().accepted);
            putCounts(campaign.putObject("ambiguous"), entry.getValue().ambiguous);
        });
        return root;
    }

    private void putTotals(ObjectNode node, Function<Counts, LongAdder[]> bucket) {
        long events = 0;
        for (EventType type : EventType.values()) {
            long sum = campaigns.values().stream().mapToLong(c -> bucket.apply(c)[type.ordinal()].sum()).sum();
            node.put(type.countName, sum);
            events += sum;
        }
        node.put("events", events);
    }

    private static void putCounts(ObjectNode node, LongAdder[] counts) {
        for (EventType type : EventType.values()) node.put(type.countName, counts[type.ordinal()].sum());
    }

    private static final class Counts {
        final LongAdder[] accepted = adders();
        final LongAdder[] rejected = adders();
        final LongAdder[] ambiguous = adders();

        private static LongAdder[] adders() {
            LongAdder[] adders = new LongAdder[EventType.values().length];
            for (int i = 0; i < adders.length; i++) adders[i] = new LongAdder();
            return adders;
        }
    }
}
