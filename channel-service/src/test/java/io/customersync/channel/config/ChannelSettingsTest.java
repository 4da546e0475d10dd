package io.customersync.channel.config;

import static io.customersync.testsupport.SettingsValidation.load;
import static io.customersync.testsupport.SettingsValidation.shipped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.customersync.api.ApiConfig;
import io.customersync.messaging.JobRunner;
import io.smallrye.config.ConfigValidationException;

/** channel-service's settings as it validates them at start: the shipped ones pass, a bad one stops it. */
class ChannelSettingsTest {

    @Test
    void theShippedSettingsAreValid() {
        ChannelConfig config = load(ChannelConfig.class, shipped());
        assertEquals(JobRunner.Mode.CONTINUOUS, config.pjob().mode());
        assertEquals(Duration.ofSeconds(10), config.groupCommit().waitFor());
        assertEquals(9, config.asyncCustomerNumber().digits());
        assertEquals(Duration.ofDays(7), load(RetentionRules.Settings.class, shipped()).idempotencyKeys());
    }

    @Test
    void noGroupCommitWritersIsRefusedNamingTheSetting() {
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(ChannelConfig.class, shipped("channel.group-commit.writers", "0")));
        assertTrue(refused.getMessage().contains("writers must be greater than 0"), refused.getMessage());
    }

    @Test
    void anUnknownPJobModeIsRefused() {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> load(ChannelConfig.class, shipped("channel.pjob.mode", "SOMETIMES")));
        assertTrue(refused.getMessage().contains("channel.pjob.mode"), refused.getMessage());
    }

    @Test
    void aCreationModeThatIsNotChannelColonModeIsRefused() {
        assertEquals(List.of("HOUSTON:SYNC", "ONLINE:sync_with_async_fallback"), load(ChannelConfig.class,
                shipped("channel.creation-modes", "HOUSTON:SYNC,ONLINE:sync_with_async_fallback")).creationModes().orElseThrow());
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(ChannelConfig.class, shipped("channel.creation-modes", "HOUSTON:SOMETIMES")));
        assertTrue(refused.getMessage().contains("channel.creation-modes"), refused.getMessage());
    }

    @Test
    void theSharedApiSettingsAreValidatedToo() {
        String key = "HOUSTON:pos:" + "0".repeat(64);
        ApiConfig config = load(ApiConfig.class, shipped("api.credentials", key));
        assertEquals(128, config.loadShedding().maxInFlight());
        assertEquals(Duration.ofSeconds(1), config.loadShedding().connectionPause());
        ConfigValidationException refused = assertThrows(ConfigValidationException.class,
                () -> load(ApiConfig.class, shipped("api.credentials", key, "api.load-shedding.max-in-flight", "0")));
        assertTrue(refused.getMessage().contains("max-in-flight must be greater than 0"), refused.getMessage());
        assertThrows(RuntimeException.class, () -> load(ApiConfig.class, shipped()), "no API keys: no start");
    }
}
