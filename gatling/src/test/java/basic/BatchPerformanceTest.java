package basic;

/**
 * Each virtual user is an ad server flushing {@code batchSize} auctions: one JSON array of bids,
 * then one of the impressions for the won ones, then one of the clicks.
 *
 * <pre>mvn gatling:test -Dgatling.simulationClass=basic.BatchPerformanceTest -DbatchSize=100 -DusersPerSec=5</pre>
 */
public class BatchPerformanceTest extends IngestSimulation {
    public BatchPerformanceTest() {
        super("batches of bids, impressions, clicks", RunSettings.fromSystemProperties().batchSize());
    }
}
