package basic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    private static final String OK_3 = "{\"accepted\":3,\"failed\":0,\"failures\":[]}";
    private static final String PARTIAL_3 =
            "{\"accepted\":2,\"failed\":1,\"failures\":[{\"index\":0,\"error_code\":\"InternalFailure\",\"message\":\"retry\"}]}";

    @Test
    void countsAcceptedRejectedAndAmbiguousEventsPerCampaignAndWritesThemAsJson(@TempDir Path dir) throws Exception {
        // Prepare
        Properties properties = new Properties();
        properties.setProperty("runId", "ledger-test");
        properties.setProperty("ledgerDir", dir.toString());
        properties.setProperty("campaigns", "1");
        RunSettings settings = RunSettings.from(properties);
        TrafficPlan plan = new TrafficPlan(settings.runId(), settings.seed(), settings.campaigns());
        Ledger ledger = new Ledger("basic.Test", settings, plan);
        List<Transaction> batch = plan.next(3);

        // Act
        ledger.record(EventType.BID, batch, IngestOutcome.classify(200, OK_3, 3));
        ledger.record(EventType.IMPRESSION, batch, IngestOutcome.classify(207, PARTIAL_3, 3));
        ledger.record(EventType.CLICK, batch.subList(0, 1), IngestOutcome.classify(429, "{}", 1));
        ledger.record(EventType.CLICK, batch.subList(1, 3), IngestOutcome.classify(null, null, 2));
        Path file = ledger.write();

        // Assess
        assertThat(file).isEqualTo(dir.resolve("ledger-test.json"));
        JsonNode json = Json.MAPPER.readTree(Files.readString(file));
        String campaign = String.valueOf(plan.firstCampaign());
        assertThat(json.path("run_id").asText()).isEqualTo("ledger-test");
        assertThat(json.path("simulation").asText()).isEqualTo("basic.Test");
        assertThat(json.path("base_url").asText()).isEqualTo("http://localhost:3000");
        assertThat(json.path("campaign_range").toString())
                .isEqualTo("{\"first\":" + plan.firstCampaign() + ",\"last\":" + plan.firstCampaign() + "}");
        assertThat(json.path("requests").toString())
                .isEqualTo("{\"accepted\":1,\"partial\":1,\"rejected\":1,\"ambiguous\":1}");
        assertThat(json.path("accepted").toString()).isEqualTo("{\"bids\":3,\"impressions\":2,\"clicks\":0,\"events\":5}");
        assertThat(json.path("rejected").toString()).isEqualTo("{\"bids\":0,\"impressions\":1,\"clicks\":1,\"events\":2}");
        assertThat(json.path("ambiguous").toString()).isEqualTo("{\"bids\":0,\"impressions\":0,\"clicks\":2,\"events\":2}");
        assertThat(json.path("ambiguous_reasons").toString()).isEqualTo("[\"/click: no response\"]");
        assertThat(json.path("campaigns").toString()).isEqualTo("{\"" + campaign + "\":{"
                + "\"accepted\":{\"bids\":3,\"impressions\":2,\"clicks\":0},"
                + "\"ambiguous\":{\"bids\":0,\"impressions\":0,\"clicks\":2}}}");
    }
}
