package io.customersync.distribution.config;

import static io.customersync.testsupport.SettingsValidation.load;
import static io.customersync.testsupport.SettingsValidation.shipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.customersync.messaging.JobRunner;
import io.smallrye.config.ConfigValidationException;

/** distribution-service's settings as it validates them at start: the shipped ones pass, a bad one stops it. */
class DistributionSettingsTest {

    @Test
    void theShippedSettingsAreValid() {
        DistributionConfig config = load(DistributionConfig.class, shipped());
        assertEquals(JobRunner.Mode.CONTINUOUS, config.job().mode());
        assertEquals(1000, config.delivery().maxAttempts());
        assertEquals("distribution-1010", load(MessagingConfig.SyncConsumer.class, shipped()).groupId());
        assertEquals(500, load(MessagingConfig.DownloadRelay.class, shipped()).batchSize());
        assertEquals(Duration.ofSeconds(5), config.pipeline().sampleInterval());
        assertEquals(Duration.ofMinutes(15), config.pipeline().historyWindow());
    }

    @Test
    void aChartSampledEveryMillisecondIsRefused() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(DistributionConfig.class, shipped("distribution.pipeline.sample-interval", "1ms")));
        assertTrue(refused.getMessage().contains("sample"), refused.getMessage());
    }

    @Test
    void noDeliveryBatchIsRefusedNamingTheSetting() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(DistributionConfig.class, shipped("distribution.delivery.batch-size", "0")));
        assertTrue(refused.getMessage().contains("batch-size must be greater than 0"), refused.getMessage());
    }

    @Test
    void aZeroScheduleAndABlankConsumerGroupAreRefused() {
        assertThrows(ConfigValidationException.class,
                () -> load(DistributionConfig.class, shipped("distribution.job.interval", "0s")));
        assertThrows(ConfigValidationException.class,
                () -> load(MessagingConfig.SyncConsumer.class, shipped("distribution-consumer.group-id", " ")));
    }
}
