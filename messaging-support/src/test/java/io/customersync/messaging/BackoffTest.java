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
    void theDelayOfTheNthAttemptFollowsTheSameDoublingAndCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        assertEquals(Duration.ofSeconds(1), Backoff.delayBefore(1, initial, max));
        assertEquals(Duration.ofSeconds(4), Backoff.delayBefore(3, initial, max));
        assertEquals(Duration.ofSeconds(30), Backoff.delayBefore(6, initial, max));
        assertEquals(Duration.ofSeconds(30), Backoff.delayBefore(Integer.MAX_VALUE, initial, max));
    }

    @Test
    void anInterruptedSleepSaysSoAndKeepsTheInterrupt() {
        assertEquals(true, Backoff.sleep(Duration.ofMillis(1)));
        Thread.currentThread().interrupt();
        assertEquals(false, Backoff.sleep(Duration.ofSeconds(10)));
        assertEquals(true, Thread.interrupted());
    }

    @Test
    void aCapBelowTheFirstDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
