package basic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IngestOutcomeTest {

    private static final String FAILURE = "{\"index\":%d,\"error_code\":\"ProvisionedThroughputExceededException\",\"message\":\"retry\"}";

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("200 for one event", 200, "{\"accepted\":1,\"failed\":0,\"failures\":[]}", 1,
                        IngestOutcome.Kind.ACCEPTED, bits(0)),
                Arguments.of("200 for a batch of three", 200, "{\"accepted\":3,\"failed\":0,\"failures\":[]}", 3,
                        IngestOutcome.Kind.ACCEPTED, bits(0, 1, 2)),
                Arguments.of("207 naming its failed index", 207,
                        "{\"accepted\":2,\"failed\":1,\"failures\":[" + FAILURE.formatted(1) + "]}", 3,
                        IngestOutcome.Kind.PARTIAL, bits(0, 2)),
                Arguments.of("400 (all-or-nothing validation)", 400, "{\"message\":\"bad\",\"errors\":[]}", 5,
                        IngestOutcome.Kind.REJECTED, bits()),
                Arguments.of("429 with every record throttled", 429,
                        "{\"accepted\":0,\"failed\":1,\"failures\":[" + FAILURE.formatted(0) + "]}", 1,
                        IngestOutcome.Kind.REJECTED, bits()),
                Arguments.of("503 for a stream failure", 503, "{\"message\":\"The event stream is unavailable\"}", 2,
                        IngestOutcome.Kind.REJECTED, bits()),
                Arguments.of("no response", null, null, 1, IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("504 from a gateway", 504, "{\"message\":\"Endpoint request timed out\"}", 1,
                        IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("200 counting fewer than sent", 200, "{\"accepted\":2,\"failed\":0,\"failures\":[]}", 3,
                        IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("200 with a body that is not JSON", 200, "<html>ok</html>", 1,
                        IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("207 whose counts do not add up", 207,
                        "{\"accepted\":2,\"failed\":2,\"failures\":[" + FAILURE.formatted(1) + "]}", 3,
                        IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("207 naming one index twice", 207,
                        "{\"accepted\":1,\"failed\":2,\"failures\":[" + FAILURE.formatted(1) + "," + FAILURE.formatted(1) + "]}",
                        3, IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("207 naming an index out of the batch", 207,
                        "{\"accepted\":2,\"failed\":1,\"failures\":[" + FAILURE.formatted(3) + "]}", 3,
                        IngestOutcome.Kind.AMBIGUOUS, bits()),
                Arguments.of("503 that counts accepted events", 503,
                        "{\"accepted\":1,\"failed\":1,\"failures\":[" + FAILURE.formatted(0) + "]}", 2,
                        IngestOutcome.Kind.AMBIGUOUS, bits()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void classifiesEachAnswer(String name, Integer status, String body, int events, IngestOutcome.Kind kind, BitSet accepted) {
        // Act
        IngestOutcome outcome = IngestOutcome.classify(status, body, events);

        // Assess
        assertThat(outcome.kind()).isEqualTo(kind);
        assertThat(outcome.accepted()).isEqualTo(accepted);
    }

    private static BitSet bits(int... indexes) {
        BitSet bits = new BitSet();
        for (int index : indexes) bits.set(index);
        return bits;
    }
}
