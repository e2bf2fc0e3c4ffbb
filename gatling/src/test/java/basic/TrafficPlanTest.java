package basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {

    private static final int SAMPLE = 20_000;

    @Test
    void drawsTheSameTransactionForTheSameRunSeedAndIndex() {
        // Prepare
        TrafficPlan one = new TrafficPlan("run-a", 7, 200);
        TrafficPlan other = new TrafficPlan("run-a", 7, 200);

        // Act
        List<Transaction> drawn = List.of(one.next(), one.next(), one.next());
        List<Transaction> reversed = List.of(other.transaction(2), other.transaction(1), other.transaction(0));

        // Assess
        assertThat(drawn).containsExactly(reversed.get(2), reversed.get(1), reversed.get(0));
    }

    @Test
    void givesAnotherRunOtherTransactionIdsAndCampaigns() {
        // Prepare
        TrafficPlan first = new TrafficPlan("run-a", 1, 200);
        TrafficPlan second = new TrafficPlan("run-b", 1, 200);

        // Act
        Transaction a = first.transaction(0);
        Transaction b = second.transaction(0);

        // Assess
        assertThat(a.txId()).isNotEqualTo(b.txId());
        assertThat(first.firstCampaign()).isNotEqualTo(second.firstCampaign());
        assertThat(first.transaction(0).txId()).isNotEqualTo(new TrafficPlan("run-a", 2, 200).transaction(0).txId());
    }

    @Test
    void placesEachRunInABlockOfAThousandCampaignsAwayFromTheGenerators() {
        for (String runId : List.of("a", "smoke-20260101T000000Z-1", "x".repeat(64))) {
            long first = TrafficPlan.firstCampaign(runId);
            assertThat(first % 1000).isZero();
            assertThat(first).isBetween(TrafficPlan.FIRST_CAMPAIGN_BLOCK, 2_000_000_000L - 1000);
        }
    }

    @Test
    void batchesContinueTheSameSequence() {
        // Prepare
        TrafficPlan plan = new TrafficPlan("run-a", 1, 200);
        TrafficPlan reference = new TrafficPlan("run-a", 1, 200);
        plan.next();

        // Act
        List<Transaction> batch = plan.next(3);

        // Assess
        assertThat(batch).containsExactly(reference.transaction(1), reference.transaction(2), reference.transaction(3));
    }

    @Test
    void drawsVariedAuctionsWithRealisticWinAndClickRates() {
        // Prepare
        TrafficPlan plan = new TrafficPlan("run-a", 1, 200);

        // Act
        List<Transaction> sample = LongStream.range(0, SAMPLE).mapToObj(plan::transaction).toList();

        // Assess
        Set<String> txIds = new HashSet<>();
        Set<Long> campaigns = new HashSet<>();
        Set<String> domains = new HashSet<>();
        Set<String> creatives = new HashSet<>();
        long won = 0;
        long clicked = 0;
        for (Transaction tx : sample) {
            txIds.add(tx.txId());
            campaigns.add(tx.campaignItemId());
            domains.add(tx.domain());
            creatives.add(tx.creativeId());
            if (tx.won()) won++;
            if (tx.clicked()) clicked++;
            assertThat(tx.campaignItemId()).isBetween(plan.firstCampaign(), plan.lastCampaign());
            assertThat(tx.offerPrice()).isPositive();
            if (tx.won()) assertThat(tx.clearingPrice()).isBetween(0L, tx.offerPrice());
            else assertThat(tx.clicked()).isFalse();
        }
        assertThat(txIds).hasSize(SAMPLE);
        assertThat(campaigns).hasSizeGreaterThan(190);
        assertThat(domains).hasSize(60);
        assertThat(creatives).hasSizeGreaterThan(1000);
        assertThat((double) won / SAMPLE).isBetween(0.30, 0.60);
        assertThat((double) clicked / won).isBetween(0.05, 0.20);
    }

    @Test
    void writesEventsWithTheApiFieldNames() {
        // Prepare
        Transaction tx = new TrafficPlan("run-a", 1, 200).transaction(0);

        // Act
        String bid = Json.write(tx.bid());
        String click = Json.write(tx.click());

        // Assess
        assertThat(bid).isEqualTo(String.format(
                "{\"tx_id\":\"%s\",\"campaign_item_id\":%d,\"app_uid\":\"%s\",\"domain\":\"%s\",\"creative_id\":\"%s\","
                        + "\"creative_category\":\"%s\",\"win_price\":%d}",
                tx.txId(), tx.campaignItemId(), tx.appUid(), tx.domain(), tx.creativeId(), tx.creativeCategory(),
                tx.offerPrice()));
        assertThat(click).isEqualTo("{\"tx_id\":\"" + tx.txId() + "\"}");
    }

    @Test
    void refusesTheImpressionOfALostAuction() {
        // Prepare
        TrafficPlan plan = new TrafficPlan("run-a", 1, 200);
        Transaction lost = LongStream.range(0, 100).mapToObj(plan::transaction).filter(tx -> !tx.won()).findFirst().orElseThrow();
        Transaction won = LongStream.range(0, 100).mapToObj(plan::transaction).filter(Transaction::won).findFirst().orElseThrow();

        // Act + Assess
        assertThatThrownBy(lost::impression).isInstanceOf(IllegalStateException.class);
        assertThat(Json.write(won.impression()))
                .isEqualTo("{\"tx_id\":\"" + won.txId() + "\",\"win_price\":" + won.clearingPrice() + "}");
    }
}
