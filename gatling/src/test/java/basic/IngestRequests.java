package basic;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The virtual user's chain: post bids, then impressions for the accepted bids that won, then clicks
 * for the accepted impressions that were clicked. Every answer goes into the ledger, so an event is
 * only followed up once the platform has certainly stored its predecessor.
 */
final class IngestRequests {

    private static final String PENDING = "pending";
    private static final String ACCEPTED = "accepted";
    private static final String STATUS = "status";
    private static final String BODY = "body";

    private IngestRequests() {}

    /** @param asArray send a JSON array (the batch form) rather than one event object */
    static ChainBuilder transactions(Supplier<List<Transaction>> draw, boolean asArray, Ledger ledger) {
        return exec(session -> session.set(PENDING, draw.get()))
                .exec(post(EventType.BID, asArray, ledger))
                .exec(session -> session.set(PENDING, accepted(session).stream().filter(Transaction::won).toList()))
                .doIf(session -> !pending(session).isEmpty())
                .then(pause(session -> pending(session).get(0).impressionDelay())
                        .exec(post(EventType.IMPRESSION, asArray, ledger))
                        .exec(session ->
                                session.set(PENDING, accepted(session).stream().filter(Transaction::clicked).toList()))
                        .doIf(session -> !pending(session).isEmpty())
                        .then(pause(session -> pending(session).get(0).clickDelay())
                                .exec(post(EventType.CLICK, asArray, ledger))));
    }

    private static ChainBuilder post(EventType type, boolean asArray, Ledger ledger) {
        // Cleared first: a request that gets no answer must not be judged by the previous answer.
        return exec(session -> session.remove(STATUS).remove(BODY))
                .exec(http("POST " + type.route + (asArray ? " (batch)" : ""))
                        .post(type.route)
                        .body(StringBody(session -> body(type, pending(session), asArray)))
                        // The saving checks come first: Gatling stops at the first failing check.
                        .check(
                                status().saveAs(STATUS),
                                bodyString().saveAs(BODY),
                                status().is(200),
                                jsonPath("$.accepted").ofInt().is(session -> pending(session).size()),
                                jsonPath("$.failed").ofInt().is(0)))
                .exec(session -> {
                    List<Transaction> sent = pending(session);
                    Integer code = session.contains(STATUS) ? session.getInt(STATUS) : null;
                    IngestOutcome outcome = IngestOutcome.classify(code, session.getString(BODY), sent.size());
                    ledger.record(type, sent, outcome);
                    List<Transaction> stored = IntStream.range(0, sent.size())
                            .filter(outcome::isAccepted)
                            .mapToObj(sent::get)
                            .toList();
                    return session.set(ACCEPTED, stored);
                });
    }

    private static String body(EventType type, List<Transaction> transactions, boolean asArray) {
        List<Object> events = transactions.stream().map(tx -> event(type, tx)).toList();
        return Json.write(asArray ? events : events.get(0));
    }

    private static Object event(EventType type, Transaction tx) {
        return switch (type) {
            case BID -> tx.bid();
            case IMPRESSION -> tx.impression();
            case CLICK -> tx.click();
        };
    }

    private static List<Transaction> pending(Session session) {
        return session.getList(PENDING);
    }

    private static List<Transaction> accepted(Session session) {
        return session.getList(ACCEPTED);
    }
}
