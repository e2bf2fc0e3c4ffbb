package basic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.BitSet;

/**
 * What one ingestion request did to the platform, as far as its answer tells: which of its events
 * are certainly stored, certainly not stored, or unknowable (no answer, or an answer that does not
 * account for every event). The after-run check needs certainty, so it treats unknowable as its own
 * case instead of guessing.
 */
public record IngestOutcome(Kind kind, BitSet accepted, String reason) {

    public enum Kind {
        /** 200 and the body counts every event as accepted. */
        ACCEPTED,
        /** 207 whose body names exactly which events failed; the others are stored. */
        PARTIAL,
        /** Nothing stored: 4xx (all-or-nothing validation, throttling) or 503 with nothing accepted. */
        REJECTED,
        /** Some events may or may not be stored. */
        AMBIGUOUS,
    }

    public boolean isAccepted(int index) {
        return accepted.get(index);
    }

    /**
     * @param status the HTTP status, or null when no response came back (timeout, reset connection)
     * @param body the response body, or null
     * @param events how many events the request carried
     */
    public static IngestOutcome classify(Integer status, String body, int events) {
        if (status == null) return ambiguous("no response");
        JsonNode json = Json.readOrNull(body);
        if (status == 200) {
            if (counts(json, events, 0)) return new IngestOutcome(Kind.ACCEPTED, all(events), "200");
            return ambiguous("200 with a body that does not count " + events + " accepted: " + body);
        }
        if (status == 207) {
            BitSet accepted = acceptedOf207(json, events);
            if (accepted != null) return new IngestOutcome(Kind.PARTIAL, accepted, "207");
            return ambiguous("207 with a body that does not name its failures: " + body);
        }
        if (status == 503) {
            // The contract's 503 stores nothing; a 503 that says otherwise is a finding to report.
            if (json == null || !json.has("accepted") || json.path("accepted").asInt(-1) == 0) return rejected(status);
            return ambiguous("503 with a body that counts accepted events: " + body);
        }
        if (status >= 400 && status < 500) return rejected(status);
        return ambiguous("status " + status);
    }

    private static boolean counts(JsonNode json, int accepted, int failed) {
        return json != null
                && json.path("accepted").isIntegralNumber()
                && json.path("accepted").asInt() == accepted
                && json.path("failed").isIntegralNumber()
                && json.path("failed").asInt() == failed;
    }

    private static BitSet acceptedOf207(JsonNode json, int events) {
        if (json == null || !json.path("failures").isArray()) return null;
        int failed = json.path("failures").size();
        if (!counts(json, events - failed, failed)) return null;
        BitSet accepted = all(events);
        for (JsonNode failure : json.path("failures")) {
            JsonNode index = failure.path("index");
            if (!index.isIntegralNumber() || index.asInt() < 0 || index.asInt() >= events) return null;
            if (!accepted.get(index.asInt())) return null;
            accepted.clear(index.asInt());
        }
        return accepted;
    }

    private static BitSet all(int events) {
        BitSet bits = new BitSet(events);
        bits.set(0, events);
        return bits;
    }

    private static IngestOutcome rejected(int status) {
        return new IngestOutcome(Kind.REJECTED, new BitSet(), "status " + status);
    }

    private static IngestOutcome ambiguous(String reason) {
        return new IngestOutcome(Kind.AMBIGUOUS, new BitSet(), reason);
    }
}
