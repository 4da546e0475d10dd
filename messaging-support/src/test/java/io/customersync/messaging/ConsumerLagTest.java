package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;

/** While the broker does not answer the lag is unknown, said so, not an empty list read as "no lag" (found by probing). */
class ConsumerLagTest {

    @Test
    void aBrokerThatDoesNotAnswerLeavesTheLagUnknownAndSaysWhy() {
        try (ConsumerLag lag = new ConsumerLag(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + FreePorts.any()), Set.of("channel.customer-uploads.v1"), Duration.ofSeconds(5),
                Duration.ofMillis(300), null)) {
            assertEquals(List.of(), lag.current());
            assertNotNull(lag.unavailable(), "the lag is not known: why");
            assertEquals("the broker did not answer within 300 ms", lag.unavailable());
        }
    }
}
