package io.customersync.distribution.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A channel whose database was away is tried again off the delivery workers (its database asked for a connection on
 * a thread of {@link OutageProbes}) and takes a turn only once it answers; new work and sweeps do not bring that
 * forward, ops asking for a run do; a channel that answered is served at once as before.
 */
class ChannelTurnsTest {

    private static final Duration NO_WAIT = Duration.ofMillis(50);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean answers = new AtomicBoolean(false);
    private final List<String> tried = new CopyOnWriteArrayList<>();
    private final OutageProbes probes = new OutageProbes(channelId -> {
        tried.add(channelId + " on " + Thread.currentThread().getName());
        if (!answers.get()) {
            throw new SQLException("Connection refused", "08001");
        }
    });
    private final ChannelTurns turns = new ChannelTurns(timer, probes, Duration.ofMillis(20), Duration.ofMillis(100),
            Duration.ofMillis(50));

    @AfterEach
    void stop() {
        timer.shutdownNow();
        probes.close();
    }

    @Test
    void aChannelAwayIsTriedOffTheWorkersAndTakesATurnOnlyOnceItAnswers() throws Exception {
        turns.retain(Set.of("HOUSTON"));
        turns.ready("HOUSTON", "EVENT", null);
        turns.take(NO_WAIT);
        turns.done("HOUSTON", Duration.ofMillis(20), "RETRY", true);

        turns.ready("HOUSTON", "EVENT", null);
        turns.ready("HOUSTON", "SWEEP", null);
        assertNull(turns.take(Duration.ofMillis(600)), "no turn while its database does not answer, whatever comes");
        assertEquals(true, tried.size() >= 3, "tried again and again meanwhile: " + tried);
        assertEquals(true, tried.stream().allMatch(t -> t.equals("HOUSTON on 1010-outage-probe")), tried.toString());

        answers.set(true);
        ChannelTurns.Turn back = turns.take(Duration.ofSeconds(5));
        assertNotNull(back, "its turn once it answers");
        assertEquals("RETRY", back.trigger());
        turns.done("HOUSTON", null, null, false);

        turns.ready("HOUSTON", "EVENT", null);
        assertNotNull(turns.take(NO_WAIT), "then work is served at once");
    }

    @Test
    void opsAskingForARunDoNotWaitForItsDatabase() throws Exception {
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
    void workThatCameDuringATurnThatFoundTheDatabaseAwayWaitsForIt() throws Exception {
        turns.retain(Set.of("HOUSTON"));
        turns.ready("HOUSTON", "EVENT", null);
        turns.take(NO_WAIT);
        turns.ready("HOUSTON", "EVENT", null); // while it runs
        turns.done("HOUSTON", Duration.ofMinutes(1), "RETRY", true);
        assertNull(turns.take(NO_WAIT));
    }

    @Test
    void aTryRefusedAtOnceIsRepeatedWithinTheQuickCapAndOneThatWaitedUpToRetryMax() {
        var backoff = new io.customersync.messaging.Backoff(Duration.ofMillis(20), Duration.ofMillis(100));
        for (int i = 0; i < 6; i++) {
            turns.outageRetry(backoff, Duration.ZERO); // up to the cap of the back-off
        }
        assertEquals(Duration.ofMillis(50), turns.outageRetry(backoff, Duration.ofMillis(5)), "refused at once");
        Duration slow = turns.outageRetry(backoff, Duration.ofSeconds(3));
        assertEquals(true, slow.compareTo(Duration.ofMillis(50)) >= 0 && slow.compareTo(Duration.ofMillis(100)) <= 0,
                "waited out a connect timeout: " + slow);
    }
}
