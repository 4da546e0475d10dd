package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Fast when idle, batched when busy: the decision, for any timing. */
class BatchLingerTest {

    private final BatchLinger batching = new BatchLinger(Duration.ofMillis(20), Duration.ofMillis(15), 64);

    @Test
    void recordsAfterAQuietSpellAreAppliedAtOnce() {
        assertEquals(Duration.ZERO, batching.gatherFor(Duration.ofMillis(20), 1));
        assertEquals(Duration.ZERO, batching.gatherFor(Duration.ofSeconds(5), 3));
    }

    @Test
    void recordsThatWereWaitingAreGatheredWithMore() {
        assertEquals(Duration.ofMillis(15), batching.gatherFor(Duration.ZERO, 1));
        assertEquals(Duration.ofMillis(15), batching.gatherFor(Duration.ofMillis(19), 63));
    }

    @Test
    void aFullBatchIsAppliedAtOnce() {
        assertEquals(Duration.ZERO, batching.gatherFor(Duration.ZERO, 64));
        assertEquals(Duration.ZERO, batching.gatherFor(Duration.ZERO, 500));
    }

    @Test
    void withoutBatchingEveryPollIsAppliedAtOnce() {
        assertEquals(Duration.ZERO, BatchLinger.NONE.gatherFor(Duration.ZERO, 1));
    }
}
