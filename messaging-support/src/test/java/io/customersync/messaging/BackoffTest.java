package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleUpToTheCapAndStartOverAfterAReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350));

        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
        assertEquals(Duration.ofMillis(200), backoff.nextDelay());
        assertEquals(Duration.ofMillis(350), backoff.nextDelay());
        assertEquals(Duration.ofMillis(350), backoff.nextDelay());
        backoff.reset();
        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
    }

    @Test
    void aCapBelowTheFirstDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
