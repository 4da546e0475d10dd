package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.SettingsValidation;
import io.smallrye.config.ConfigValidationException;

/** The shared settings are typed and checked when a service starts: a bad value stops it, naming the key. */
class SharedSettingsTest {

    private static final Map<String, String> RETENTION = Map.of("retention.interval", "1h", "retention.batch-size", "1000",
            "retention.stop-grace", "5s", "retention.outbox", "7d", "retention.job-runs", "30d");

    @Test
    void validSettingsAreRead() {
        RetentionConfig retention = SettingsValidation.load(RetentionConfig.class, RETENTION);
        assertEquals(Duration.ofDays(7), retention.outbox());
        assertEquals(1000, retention.batchSize());
        assertEquals(Duration.ofDays(30), retention.jobRuns());
        JobHistoryConfig history = SettingsValidation.load(JobHistoryConfig.class,
                Map.of("job-history.summary", "1m", "job-history.idle-summary", "10m"));
        assertEquals(Duration.ofMinutes(10), history.idleSummary());
        PipelineConfig.Topics topics = SettingsValidation.load(PipelineConfig.Topics.class,
                Map.of("kafka-topics.partitions", "6", "kafka-topics.replication-factor", "3", "kafka-topics.admin-timeout", "10s"));
        assertEquals(3, topics.replicationFactor());
    }

    @Test
    void aBatchSizeOfZeroIsRefused() {
        Map<String, String> values = new HashMap<>(RETENTION);
        values.put("retention.batch-size", "0");
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> SettingsValidation.load(RetentionConfig.class, values));
        assertTrue(refused.getMessage().contains("retention.batch-size"), refused.getMessage());
    }

    @Test
    void aZeroIntervalAndNoPartitionsAreRefused() {
        Map<String, String> values = new HashMap<>(RETENTION);
        values.put("retention.interval", "0s");
        assertThrows(ConfigValidationException.class, () -> SettingsValidation.load(RetentionConfig.class, values));
        assertThrows(ConfigValidationException.class, () -> SettingsValidation.load(PipelineConfig.Topics.class,
                Map.of("kafka-topics.partitions", "0", "kafka-topics.replication-factor", "1", "kafka-topics.admin-timeout", "10s")));
    }

    @Test
    void aMissingSettingIsRefused() {
        Map<String, String> values = new HashMap<>(RETENTION);
        values.remove("retention.outbox");
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> SettingsValidation.load(RetentionConfig.class, values));
        assertTrue(refused.getMessage().contains("retention.outbox"), refused.getMessage());
    }

    @Test
    void theWorkerSettingsAreReadAndABadOneIsRefused() {
        Map<String, String> values = new HashMap<>(Map.of("workers.stuck-after", "2m", "workers.unready-after", "15s",
                "workers.give-up-after", "10", "workers.restart-initial", "1s", "workers.restart-max", "30s"));
        WorkersConfig workers = SettingsValidation.load(WorkersConfig.class, values);
        assertEquals(Duration.ofMinutes(2), workers.stuckAfter());
        assertEquals(10, workers.giveUpAfter());
        values.put("workers.give-up-after", "0");
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> SettingsValidation.load(WorkersConfig.class, values));
        assertTrue(refused.getMessage().contains("workers.give-up-after"), refused.getMessage());
    }
}
