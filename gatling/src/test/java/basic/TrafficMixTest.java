package basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TrafficMixTest {

    @Test
    void takesTheFirstTransactionsOfTheRunUntilTheirRequestsReachTheCount() {
        // Prepare
        TrafficPlan plan = new TrafficPlan("run-a", 1, 200);

        // Act
        TrafficMix mix = TrafficMix.forRequests(plan, 7_500);

        // Assess
        List<Transaction> taken = LongStream.range(0, mix.transactions()).mapToObj(plan::transaction).toList();
        long impressions = taken.stream().filter(Transaction::won).count();
        long clicks = taken.stream().filter(Transaction::clicked).count();
        assertThat(mix).isEqualTo(new TrafficMix(taken.size(), impressions, clicks));
        assertThat(mix.requests()).isBetween(7_500L, 7_502L);
        Transaction last = taken.get(taken.size() - 1);
        long lastRequests = 1 + (last.won() ? 1 : 0) + (last.clicked() ? 1 : 0);
        assertThat(mix.requests() - lastRequests).isLessThan(7_500L);
        assertThat((double) impressions / taken.size()).isBetween(0.30, 0.60);
        assertThat((double) clicks / impressions).isBetween(0.05, 0.20);
    }

    @Test
    void doesNotDependOnTransactionsAlreadyDrawn() {
        // Prepare
        TrafficPlan used = new TrafficPlan("run-a", 1, 200);
        used.next(100);

        // Act
        TrafficMix mix = TrafficMix.forRequests(used, 1_000);

        // Assess
        assertThat(mix).isEqualTo(TrafficMix.forRequests(new TrafficPlan("run-a", 1, 200), 1_000));
    }

    @Test
    void printsItsCountsAsJson() {
        assertThat(new TrafficMix(1_000, 480, 54).toJson())
                .isEqualTo("{\"transactions\":1000,\"impressions\":480,\"clicks\":54,\"requests\":1534}");
    }

    @Test
    void rejectsNoRequests() {
        assertThatThrownBy(() -> TrafficMix.forRequests(new TrafficPlan("run-a", 1, 200), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requests must be at least 1, got 0");
    }
}
