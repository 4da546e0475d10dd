package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class FailureStreakTest {

    /** An hour of an outage retried every 1.5 s: about 2,400 tries, 61 lines (one a minute), and one at the end. */
    @Test
    void aLongFailureIsLoggedOnceAMinuteAndItsEndOnce() {
        AtomicLong clock = new AtomicLong();
        FailureStreak streak = new FailureStreak(Logger.getLogger(FailureStreakTest.class), "p-job", "unsent rows wait", clock::get);
        Exception outage = new IllegalStateException("HQ did not take the data keys");
        List<Boolean> logged = new ArrayList<>();
        for (long at = 0; at < Duration.ofHours(1).toNanos(); at += Duration.ofMillis(1_500).toNanos()) {
            clock.set(at);
            logged.add(streak.failed("publishing", outage, Duration.ofMillis(1_500)));
        }
        assertEquals(2_400, logged.size());
        assertEquals(true, logged.get(0), "the first failure at once");
        assertEquals(60, logged.stream().filter(Boolean::booleanValue).count(), "then one line a minute");
        assertEquals(true, streak.succeeded("publishing"), "and when it works again");
        assertEquals(false, streak.succeeded("publishing"), "once");
        assertEquals(true, streak.failed("publishing", outage, Duration.ofMillis(200)), "a new failure is logged at once");
    }
}
