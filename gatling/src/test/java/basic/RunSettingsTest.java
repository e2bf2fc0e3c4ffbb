package basic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

    @Test
    void defaultsToAShortRunAgainstTheLocalPlatform() {
        // Act
        RunSettings settings = RunSettings.from(new Properties());

        // Assess
        assertThat(settings.baseUrl()).isEqualTo("http://localhost:3000");
        assertThat(settings.apiKey()).isEmpty();
        assertThat(settings.durationSeconds()).isEqualTo(60);
        assertThat(settings.usersPerSec()).isEqualTo(10.0);
        assertThat(settings.rampSeconds()).isEqualTo(10);
        assertThat(settings.batchSize()).isEqualTo(100);
        assertThat(settings.campaigns()).isEqualTo(200);
        assertThat(settings.runId()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{4}");
        assertThat(settings.seed()).isEqualTo(1);
        assertThat(settings.ledgerDir()).isEqualTo(Path.of("target/ledger"));
        assertThat(settings.maxFailedPercent()).isEqualTo(0.0);
    }

    @Test
    void readsEveryProperty() {
        // Prepare
        Properties properties = new Properties();
        properties.setProperty("baseUrl", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/");
        properties.setProperty("apiKey", "key-1");
        properties.setProperty("duration", "300");
        properties.setProperty("usersPerSec", "12.5");
        properties.setProperty("rampSeconds", "0");
        properties.setProperty("batchSize", "500");
        properties.setProperty("campaigns", "1000");
        properties.setProperty("runId", "load-1");
        properties.setProperty("seed", "42");
        properties.setProperty("ledgerDir", "/tmp/ledgers");
        properties.setProperty("maxFailedPercent", "0.5");

        // Act
        RunSettings settings = RunSettings.from(properties);

        // Assess
        assertThat(settings).isEqualTo(new RunSettings(
                "https://abc.execute-api.eu-west-1.amazonaws.com/prod", "key-1", 300, 12.5, 0, 500, 1000, "load-1", 42,
                Path.of("/tmp/ledgers"), 0.5));
    }

    @Test
    void rejectsABatchLargerThanTheApiAccepts() {
        Properties properties = new Properties();
        properties.setProperty("batchSize", "501");

        assertThatThrownBy(() -> RunSettings.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchSize must be between 1 and 500, got 501");
    }

    @Test
    void rejectsARunIdThatIsNotAPlainFileName() {
        Properties properties = new Properties();
        properties.setProperty("runId", "../escape");

        assertThatThrownBy(() -> RunSettings.from(properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("runId must be 1-64 of [A-Za-z0-9._-], got ../escape");
    }
}
