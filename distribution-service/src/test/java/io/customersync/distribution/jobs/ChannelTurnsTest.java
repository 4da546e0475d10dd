package io.customersync.distribution.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel whose database was away at its last turn is tried again on its timer: new work and sweeps do not
 * bring its turn forward (each try of a store whose network drops packets holds a worker for the connect
 * timeout), ops asking for a run do; a channel that answered is served at once as before.
 */
class ChannelTurnsTest {

    private static final Duration NO_WAIT = Duration.ofMillis(50);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ChannelTurns turns = new ChannelTurns(timer, Duration.ofMillis(100), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aChannelAwayWaitsForItsRetryWhateverWorkComes() throws Exception {
        turns.retain(Set.of("HOUSTON"));
        turns.ready("HOUSTON", "EVENT", null);
        ChannelTurns.Turn first = turns.take(NO_WAIT);
        assertEquals(false, first.outage());
        turns.done("HOUSTON", Duration.ofMillis(800), "RETRY", true);

        turns.ready("HOUSTON", "EVENT", null);
        turns.ready("HOUSTON", "SWEEP", null);
        assertNull(turns.take(NO_WAIT), "new work and sweeps wait for the retry");
        assertEquals(1, turns.timed());

        ChannelTurns.Turn retry = turns.take(Duration.ofSeconds(5));
        assertNotNull(retry, "its timer brings the turn");
        assertTrue(retry.outage(), "a turn after an outage: the database is tried first");
        turns.done("HOUSTON", null, null, false);

        turns.ready("HOUSTON", "EVENT", null);
        assertNotNull(turns.take(NO_WAIT), "once it answered, work is served at once");
    }

    @Test
    void opsAskingForARunDoNotWaitForTheRetry() throws Exception {
        turns.retain(Set.of("HOUSTON"));
        turns.ready("HOUSTON", "EVENT", null);
        turns.take(NO_WAIT);
        turns.done("HOUSTON", Duration.ofMinutes(1), "RETRY", true);

        turns.ready("HOUSTON", "ON_DEMAND", "ops@*");
        ChannelTurns.Turn asked = turns.take(NO_WAIT);
        assertNotNull(asked);
        assertEquals("ops@*", asked.requestedBy());
        assertEquals(0, turns.timed(), "the retry's timer is cancelled");
    }

    @Test
    void workThatCameDuringATurnThatFoundTheDatabaseAwayWaitsForTheRetry() throws Exception {
        turns.retain(Set.of("HOUSTON"));
        turns.ready("HOUSTON", "EVENT", null);
        turns.take(NO_WAIT);
        turns.ready("HOUSTON", "EVENT", null); // while it runs
        turns.done("HOUSTON", Duration.ofMinutes(1), "RETRY", true);
        assertNull(turns.take(NO_WAIT));
    }
}
