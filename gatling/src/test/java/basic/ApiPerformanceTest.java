package basic;

/**
 * Each virtual user is one auction: POST /bid, then /impression if the auction was won, then
 * /click if the ad was clicked, each a single JSON object.
 *
 * <pre>mvn gatling:test -Dgatling.simulationClass=basic.ApiPerformanceTest -DbaseUrl=... -Dduration=60 -DusersPerSec=50</pre>
 */
public class ApiPerformanceTest extends IngestSimulation {
    public ApiPerformanceTest() {
        super("bid, impression, click", 0);
    }
}
