package basic;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared shape of the ingestion simulations: settings from system properties, an open-model
 * arrival rate with an optional ramp, and the run's ledger written when the run ends.
 */
abstract class IngestSimulation extends Simulation {

    /** Users still in flight when injection stops get this long to finish before Gatling stops them. */
    private static final Duration DRAIN = Duration.ofSeconds(120);

    private final RunSettings settings = RunSettings.fromSystemProperties();
    private final TrafficPlan plan = new TrafficPlan(settings.runId(), settings.seed(), settings.campaigns());
    private final Ledger ledger = new Ledger(getClass().getName(), settings, plan);

    /** @param batchSize transactions per virtual user; 0 sends single event objects, one transaction per user */
    protected IngestSimulation(String scenarioName, int batchSize) {
        var chain = batchSize == 0
                ? IngestRequests.transactions(() -> List.of(plan.next()), false, ledger)
                : IngestRequests.transactions(() -> plan.next(batchSize), true, ledger);
        setUp(scenario(scenarioName).exec(chain).injectOpen(injection()))
                .protocols(protocol())
                .assertions(global().failedRequests().percent().lte(settings.maxFailedPercent()))
                .maxDuration(Duration.ofSeconds(settings.rampSeconds() + settings.durationSeconds()).plus(DRAIN));
    }

    @Override
    public void before() {
        System.out.printf(
                "Run %s against %s: campaigns %d..%d, seed %d%n",
                settings.runId(), settings.baseUrl(), plan.firstCampaign(), plan.lastCampaign(), settings.seed());
    }

    @Override
    public void after() {
        try {
            System.out.printf("Ledger written to %s%n", ledger.write().toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ledger.ambiguousRequests() > 0) {
            System.out.printf(
                    "%d requests got no clear answer; see ambiguous_reasons in the ledger%n", ledger.ambiguousRequests());
        }
    }

    private HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                // Warm-up calls an outside site before the run; the target may sit on a network without one.
                .disableWarmUp()
                // Ad servers keep pooled keep-alive connections to the collector, not one per auction.
                .shareConnections();
        return settings.apiKey().isEmpty() ? protocol : protocol.header("x-api-key", settings.apiKey());
    }

    private OpenInjectionStep[] injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (settings.rampSeconds() > 0) {
            steps.add(rampUsersPerSec(0).to(settings.usersPerSec()).during(Duration.ofSeconds(settings.rampSeconds())));
        }
        steps.add(constantUsersPerSec(settings.usersPerSec()).during(Duration.ofSeconds(settings.durationSeconds())));
        return steps.toArray(OpenInjectionStep[]::new);
    }
}
