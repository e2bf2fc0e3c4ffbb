package com.sdp.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static Map<String, Properties> devProperties() throws IOException {
        String path = JobConfig.class.getClassLoader().getResource(JobConfig.LOCAL_PROPERTIES).getPath();
        return KinesisAnalyticsRuntime.getApplicationProperties(path);
    }

    @Test
    void readsTheDevPropertiesWithTheAwsDefaults() throws IOException {
        // Act
        JobConfig config = JobConfig.from(devProperties());

        // Assess
        assertThat(config.aggregation.periodMs).isEqualTo(60_000);
        assertThat(config.aggregation.correctionHorizonMs()).isEqualTo(1_205_000);
        assertThat(config.bcns.arn).isEqualTo("arn:aws:kinesis:us-east-1:012345678900:stream/bcns");
        assertThat(config.bcns.region).isEqualTo("us-east-1");
        assertThat(config.bcnsInitialPosition).isEqualTo("TRIM_HORIZON");
        assertThat(config.failedEvents.arn).isEqualTo("arn:aws:kinesis:us-east-1:012345678900:stream/failed_events");
    }

    @Test
    void onlyCountsFailedEventsWithoutTheirStream() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.remove("FailedEventsStream");

        assertThat(JobConfig.from(groups).failedEvents).isNull();
    }

    @Test
    void takesAnExplicitRegionOverTheArns() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("ClicksStream").setProperty("aws.region", "eu-west-1");

        assertThat(JobConfig.from(groups).clicks.region).isEqualTo("eu-west-1");
    }

    @Test
    void defaultsEveryAggregationSettingWhenTheGroupIsAbsent() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.remove("Aggregation");

        AggregationSettings settings = JobConfig.from(groups).aggregation;

        assertThat(settings.periodMs).isEqualTo(60_000);
        assertThat(settings.attributionWindowMs).isEqualTo(300_000);
        assertThat(settings.clickWindowMs).isEqualTo(900_000);
        assertThat(settings.allowedLatenessMs).isEqualTo(5_000);
        assertThat(settings.outOfOrdernessMs).isEqualTo(5_000);
        assertThat(settings.idlenessMs).isEqualTo(10_000);
    }

    @Test
    void failsWithoutAnOutputStreamGroup() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.remove("AggregatesStream");

        assertThatThrownBy(() -> JobConfig.from(groups)).hasMessage("Missing runtime property group AggregatesStream");
    }

    @Test
    void failsOnAStreamArnThatIsNotOne() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("BcnsStream").setProperty("stream.arn", "bcns");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("BcnsStream.stream.arn must be a Kinesis stream ARN, got \"bcns\"");
    }

    @Test
    void failsOnAnUnknownInitialPosition() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("BcnsStream").setProperty("initial.position", "AT_TIMESTAMP");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("BcnsStream.initial.position must be one of TRIM_HORIZON, LATEST, got \"AT_TIMESTAMP\"");
    }

    @Test
    void failsOnAPeriodBelowOneSecond() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("Aggregation").setProperty("period.seconds", "0");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("Aggregation.period.seconds must be an integer from 1 to 86400, got \"0\"");
    }

    @Test
    void failsOnANonIntegerLateness() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("Aggregation").setProperty("allowed.lateness.seconds", "2.5");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("Aggregation.allowed.lateness.seconds must be an integer from 0 to 3600, got \"2.5\"");
    }

    @Test
    void failsOnAMisspeltPropertyInsteadOfTakingTheDefault() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("Aggregation").setProperty("perod.seconds", "30");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("Unknown runtime property Aggregation.perod.seconds: Aggregation takes period.seconds, "
                        + "attribution.window.seconds, click.window.seconds, allowed.lateness.seconds, "
                        + "out.of.orderness.seconds, idleness.seconds");
    }

    @Test
    void failsOnAnUnknownPropertyGroup() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.put("FailedEventStream", new Properties());

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("Unknown runtime property group FailedEventStream: the job reads Aggregation, BcnsStream, "
                        + "ImpressionsStream, ClicksStream, AggregatesStream, FailedEventsStream");
    }

    @Test
    void failsOnAPeriodAboveOneDay() throws IOException {
        Map<String, Properties> groups = devProperties();
        groups.get("Aggregation").setProperty("period.seconds", "86401");

        assertThatThrownBy(() -> JobConfig.from(groups))
                .hasMessage("Aggregation.period.seconds must be an integer from 1 to 86400, got \"86401\"");
    }
}
