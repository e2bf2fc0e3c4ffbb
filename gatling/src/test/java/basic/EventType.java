package basic;

/** The ingestion routes, in the order a transaction visits them, with the ledger's name for each. */
public enum EventType {
    BID("/bid", "bids"),
    IMPRESSION("/impression", "impressions"),
    CLICK("/click", "clicks");

    public final String route;
    public final String countName;

    EventType(String route, String countName) {
        this.route = route;
        this.countName = countName;
    }
}
