package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser accepts exactly what parseBcnsRecord in aggregation-records.ts accepts. The cases were
 * cross-checked against the TypeScript function; JSON numbers are doubles there, so integral
 * doubles count as integers and anything beyond Number.MAX_SAFE_INTEGER does not.
 */
class BcnsRecordParserTest {
    private static final String BID = "{\"type\":\"bid\",\"tx_id\":\"t1\",\"campaign_item_id\":7,\"app_uid\":\"app\",";

    @Test
    void parsesABidWithEveryField() {
        // Act
        BcnsEvent bid = BcnsRecordParser.parseEvent(BID + "\"domain\":\"d.com\",\"creative_id\":\"c1\","
                + "\"creative_category\":\"IAB1\",\"win_price\":250,\"timestamp\":1767225601000}");

        // Assess
        assertThat(bid)
                .usingRecursiveComparison()
                .isEqualTo(BcnsEvent.bid("t1", 1767225601000L, 7, "app", "d.com", "c1", "IAB1", 250L));
    }

    @Test
    void treatsNullOptionalBidFieldsAsAbsent() {
        BcnsEvent bid = BcnsRecordParser.parseEvent(BID
                + "\"domain\":null,\"creative_id\":null,\"creative_category\":null,\"win_price\":null,\"timestamp\":1}");

        assertThat(bid)
                .usingRecursiveComparison()
                .isEqualTo(BcnsEvent.bid("t1", 1, 7, "app", null, null, null, null));
    }

    @Test
    void parsesAnImpressionAndAClickIgnoringUnknownFields() {
        BcnsEvent impression = BcnsRecordParser.parseEvent("{\"type\":\"imp\",\"tx_id\":\"t1\",\"win_price\":0,\"timestamp\":5}");
        BcnsEvent click = click("\"tx_id\":\"t1\",\"timestamp\":6,\"extra\":[1,{}]");

        assertThat(impression).usingRecursiveComparison().isEqualTo(BcnsEvent.impression("t1", 5, 0));
        assertThat(click).usingRecursiveComparison().isEqualTo(BcnsEvent.click("t1", 6));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "1.0 | 1",
        "1E3 | 1000",
        "100e-2 | 1",
        "-0 | 0",
        "1.0000000000000001 | 1",
        "9007199254740991 | 9007199254740991",
        "9007199254740991.4 | 9007199254740991"
    })
    void readsIntegralNumbersAsJavaScriptDoes(String literal, long expected) {
        BcnsEvent bid = BcnsRecordParser.parseEvent(
                "{\"type\":\"bid\",\"tx_id\":\"t1\",\"app_uid\":\"u\",\"timestamp\":1,\"campaign_item_id\":" + literal + "}");
        assertThat(bid.campaignItemId).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(longs = {BcnsRecordParser.MAX_TIMESTAMP + 1, 9007199254740991L})
    void rejectsTimestampsAfterTheYear9999(long timestamp) {
        assertThat(click("\"tx_id\":\"t1\",\"timestamp\":" + timestamp)).isNull();
    }

    @Test
    void rejectsATxIdLongerThanAPartitionKey() {
        assertThat(click("\"tx_id\":\"" + "x".repeat(257) + "\",\"timestamp\":1")).isNull();
        assertThat(click("\"tx_id\":\"" + "x".repeat(256) + "\",\"timestamp\":1")).isNotNull();
    }

    @Test
    void keepsTheLastOfDuplicateKeysAsJsonParseDoes() {
        assertThat(click("\"tx_id\":\"a\",\"tx_id\":\"b\",\"timestamp\":1").txId).isEqualTo("b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "",
        "null",
        "[]",
        "\"text\"",
        "{}",
        "\uFEFF{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":1}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":1} x",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":1}{}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":01}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":NaN}",
        "{'type':'click','tx_id':'a','timestamp':1}",
        "{\"type\":\"view\",\"tx_id\":\"a\",\"timestamp\":1}",
        "{\"type\":\"CLICK\",\"tx_id\":\"a\",\"timestamp\":1}",
        "{\"tx_id\":\"a\",\"timestamp\":1}",
        "{\"type\":\"click\",\"tx_id\":\"\",\"timestamp\":1}",
        "{\"type\":\"click\",\"tx_id\":5,\"timestamp\":1}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":\"1\"}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":1.5}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":-1}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":9007199254740992}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":1e400}",
        "{\"type\":\"click\",\"tx_id\":\"a\",\"timestamp\":123456789012345678901234567890}",
        "{\"type\":\"imp\",\"tx_id\":\"a\",\"timestamp\":1}",
        "{\"type\":\"imp\",\"tx_id\":\"a\",\"timestamp\":1,\"win_price\":null}",
        "{\"type\":\"bid\",\"tx_id\":\"a\",\"timestamp\":1,\"app_uid\":\"u\"}",
        "{\"type\":\"bid\",\"tx_id\":\"a\",\"timestamp\":1,\"campaign_item_id\":-5,\"app_uid\":\"u\"}",
        "{\"type\":\"bid\",\"tx_id\":\"a\",\"timestamp\":1,\"campaign_item_id\":2,\"app_uid\":5}",
        "{\"type\":\"bid\",\"tx_id\":\"a\",\"timestamp\":1,\"campaign_item_id\":2,\"app_uid\":\"u\",\"domain\":7}",
        "{\"type\":\"bid\",\"tx_id\":\"a\",\"timestamp\":1,\"campaign_item_id\":2,\"app_uid\":\"u\",\"win_price\":-1}"
    })
    void rejectsWhatTheTypeScriptCoreRejects(String data) {
        // Act
        BcnsInput input = BcnsRecordParser.parse(data);

        // Assess
        assertThat(input.event).isNull();
        assertThat(input.malformed).isEqualTo(data);
    }

    private static BcnsEvent click(String fields) {
        return BcnsRecordParser.parseEvent("{\"type\":\"click\"," + fields + "}");
    }
}
