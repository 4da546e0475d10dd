package io.customersync.hq.config;

import static io.customersync.testsupport.SettingsValidation.load;
import static io.customersync.testsupport.SettingsValidation.shipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.customersync.messaging.JobRunner;
import io.customersync.messaging.RetentionConfig;
import io.smallrye.config.ConfigValidationException;

/** hq-service's settings as it validates them at start: the shipped ones pass, a bad one stops it. */
class HqSettingsTest {

    @Test
    void theShippedSettingsAreValid() {
        HqConfig config = load(HqConfig.class, shipped());
        assertEquals(JobRunner.Mode.CONTINUOUS, config.jobs().customerSync().mode());
        assertEquals(JobRunner.Mode.ON_DEMAND, config.jobs().statementPosting().mode());
        assertEquals(4, config.jobs().customerSync().parallelism());
        assertEquals("hq-customer-sync", config.uploadConsumer().groupId());
        assertEquals(500, config.syncRelay().batchSize());
        assertEquals(Duration.ofDays(30), load(RetentionConfig.class, shipped()).jobRuns());
        assertEquals(Duration.ofSeconds(5), config.stagingHistory().sampleInterval());
        assertEquals(Duration.ofMinutes(15), config.stagingHistory().window());
    }

    @Test
    void aChartSampledEveryMillisecondIsRefused() {
        assertThrows(ConfigValidationException.class,
                () -> load(HqConfig.class, shipped("hq.staging-history.sample-interval", "1ms")));
    }

    @Test
    void noParallelismIsRefusedNamingTheSetting() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(HqConfig.class, shipped("hq.jobs.customer-sync.parallelism", "0")));
        assertTrue(refused.getMessage().contains("parallelism must be greater than 0"), refused.getMessage());
    }

    @Test
    void aZeroSweepIntervalAndANegativeRelayBatchAreRefused() {
        assertThrows(ConfigValidationException.class,
                () -> load(HqConfig.class, shipped("hq.jobs.sweep-interval", "0s")));
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(HqConfig.class, shipped("hq.sync-relay.batch-size", "-1")));
        assertTrue(refused.getMessage().contains("batch-size must be greater than 0"), refused.getMessage());
    }
}
