package basic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One planned auction: the bid, and what follows it if the bid is accepted. {@code clearingPrice}
 * is absent when the auction is lost (no impression); {@code clicked} only matters after an impression.
 */
public record Transaction(
        String txId,
        long campaignItemId,
        String appUid,
        String domain,
        String creativeId,
        String creativeCategory,
        long offerPrice,
        Long clearingPrice,
        boolean clicked,
        Duration impressionDelay,
        Duration clickDelay) {

    public boolean won() {
        return clearingPrice != null;
    }

    public Map<String, Object> bid() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("tx_id", txId);
        event.put("campaign_item_id", campaignItemId);
        event.put("app_uid", appUid);
        event.put("domain", domain);
        event.put("creative_id", creativeId);
        event.put("creative_category", creativeCategory);
        event.put("win_price", offerPrice);
        return event;
    }

    public Map<String, Object> impression() {
        if (!won()) throw new IllegalStateException("transaction " + txId + " lost its auction: no impression");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("tx_id", txId);
        event.put("win_price", clearingPrice);
        return event;
    }

    public Map<String, Object> click() {
        return Map.of("tx_id", txId);
    }
}
