package io.customersync.distribution.jobs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.customersync.messaging.Backoff;
import io.customersync.messaging.FailureStreak;

/**
 * Whose turn it is: the channels with work, in a fair line served by the delivery workers. A
 * channel is in the line at most once and worked by at most one worker at a time (its order
 * holds); after one batch it goes to the back of the line if it has more, so a channel with much
 * work cannot starve the others. A channel waiting for a retry (its database down) or for its next
 * due row holds a timer entry, not a thread; an idle channel holds neither, only its small state.
 * <p>
 * A channel whose database was away ({@link #done} with {@code outage}) is tried again off the delivery workers: at
 * its timer its database is asked for a connection by {@link OutageProbes}, and only once it gives one does the
 * channel take its place in the line; new work and sweeps do not bring that forward, ops asking for a run do. So
 * stores whose network drops packets, each try waiting out the connect timeout, hold no worker however many they are
 * (a regional outage of fifty stores took the four workers before).
 */
final class ChannelTurns {

    private enum State {
        IDLE, QUEUED, RUNNING
    }

    /**
     * One channel's place: its state, why and by whom its next turn was asked for, its retry timer, whether its
     * database is away (and being tried now), and what its failures in a row log.
     */
    private static final class Place {
        State state = State.IDLE;
        boolean again;
        boolean outage;
        boolean probing;
        String trigger;
        String requestedBy;
        ScheduledFuture<?> timer;
        final Backoff backoff;
        final FailureStreak streak;

        Place(Backoff backoff, FailureStreak streak) {
            this.backoff = backoff;
            this.streak = streak;
        }
    }

    /** A channel's turn as a worker takes it. */
    record Turn(String channelId, String trigger, String requestedBy, Backoff backoff, FailureStreak streak) {
    }

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);
    /** A try of a channel database refused within this is a quick refusal (see {@link #outageRetry}). */
    private static final Duration QUICK_REFUSAL = Duration.ofSeconds(1);

    private final Map<String, Place> places = new HashMap<>();
    private final ArrayDeque<String> line = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private final OutageProbes probes;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final Duration quickRetryMax;
    private int running;

    /** @param quickRetryMax the longest wait before trying again a database that refused at once */
    ChannelTurns(ScheduledExecutorService timer, OutageProbes probes, Duration retryInitial, Duration retryMax,
            Duration quickRetryMax) {
        this.timer = timer;
        this.probes = probes;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.quickRetryMax = quickRetryMax;
    }

    /** Keeps exactly these channels (the ones this deployment owns); a dropped one leaves the line and its timer. */
    synchronized void retain(Set<String> channelIds) {
        places.keySet().removeIf(id -> {
            if (channelIds.contains(id)) {
                return false;
            }
            cancelTimer(places.get(id));
            line.remove(id);
            return true;
        });
        channelIds.forEach(id -> places.computeIfAbsent(id, key -> new Place(new Backoff(retryInitial, retryMax),
                new FailureStreak(LOG, "1010 job, channel " + id, "its deliveries wait"))));
    }

    synchronized Set<String> channelIds() {
        return Set.copyOf(places.keySet());
    }

    /**
     * The channel has work: it joins the back of the line (once), or runs again after its current turn. A channel
     * whose database is away waits for it to answer, unless ops ask ({@code requestedBy}).
     */
    synchronized void ready(String channelId, String trigger, String requestedBy) {
        Place place = places.get(channelId);
        if (place == null || place.outage && requestedBy == null) {
            return;
        }
        if (requestedBy != null) {
            place.requestedBy = requestedBy;
            place.outage = false; // ops' turn tries it now; an answer to a try under way is not waited for
            place.probing = false;
        }
        if (place.trigger == null || requestedBy != null) {
            place.trigger = trigger;
        }
        switch (place.state) {
            case IDLE -> {
                cancelTimer(place);
                place.state = State.QUEUED;
                line.addLast(channelId);
                notifyAll();
            }
            case RUNNING -> place.again = true;
            default -> {
            }
        }
    }

    /** The next channel's turn, waiting at most {@code timeout}; null if none came. */
    synchronized Turn take(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (line.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        String channelId = line.pollFirst();
        Place place = places.get(channelId);
        place.state = State.RUNNING;
        running++;
        Turn turn = new Turn(channelId, place.trigger, place.requestedBy, place.backoff, place.streak);
        place.trigger = null;
        place.requestedBy = null;
        return turn;
    }

    /**
     * The turn is over: {@code nextIn} zero puts the channel at the back of the line at once, a
     * positive one sets its timer, null leaves it idle until someone says it has work; {@code outage}: its database
     * was away, and its timer (with {@code nextIn}) tries it off the workers.
     */
    synchronized void done(String channelId, Duration nextIn, String nextTrigger, boolean outage) {
        running--;
        Place place = places.get(channelId);
        if (place == null) {
            return; // retired or given to another deployment meanwhile
        }
        place.state = State.IDLE;
        place.outage = outage && nextIn != null && place.requestedBy == null; // else it would wait for nothing
        if (place.outage) {
            place.again = false; // new work waits for its database, as the rest of its queue does
        }
        if (place.again || (nextIn != null && nextIn.isZero())) {
            boolean again = place.again;
            place.again = false;
            ready(channelId, again ? "EVENT" : nextTrigger, null);
        } else if (nextIn != null) {
            schedule(place, channelId, nextIn, nextTrigger);
        }
    }

    /**
     * When a channel whose database is away is tried again: its back-off, at most {@code quickRetryMax} if the try was
     * refused at once (a database restarting or not accepting connections: its deliveries go on within that of its
     * return), else up to {@code retry-max} (a try that waited out the connect timeout held a thread that long).
     */
    Duration outageRetry(Backoff backoff, Duration tryTook) {
        Duration delay = backoff.nextDelay();
        return tryTook.compareTo(QUICK_REFUSAL) < 0 && delay.compareTo(quickRetryMax) > 0 ? quickRetryMax : delay;
    }

    private void schedule(Place place, String channelId, Duration nextIn, String nextTrigger) {
        cancelTimer(place);
        try {
            place.timer = timer.schedule(() -> timerFired(channelId, nextTrigger), nextIn.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            place.timer = null; // shutting down: the next start sweeps the queue
        }
    }

    /** The channel's timer came: its turn, or, if its database is away, a try of it off the workers. */
    private synchronized void timerFired(String channelId, String trigger) {
        Place place = places.get(channelId);
        if (place == null) {
            return;
        }
        place.timer = null;
        if (!place.outage) {
            ready(channelId, trigger, null);
        } else if (!place.probing) {
            place.probing = true;
            probes.tryChannel(channelId, (took, failure) -> probed(channelId, took, failure));
        }
    }

    /** A try of an away channel's database ended: it takes its turn if it answered, else waits for the next try. */
    private synchronized void probed(String channelId, Duration took, Exception failure) {
        Place place = places.get(channelId);
        if (place == null || !place.probing) {
            return; // dropped, or ops asked meanwhile
        }
        place.probing = false;
        if (failure == null) {
            place.outage = false;
            ready(channelId, "RETRY", null);
            return;
        }
        Duration next = outageRetry(place.backoff, took);
        place.streak.failed("reaching its database", failure, next);
        schedule(place, channelId, next, "RETRY");
    }

    /** Turns being worked now (as many as busy workers). */
    synchronized int running() {
        return running;
    }

    /** Channels waiting in the line. */
    synchronized int waiting() {
        return line.size();
    }

    /** Channels whose next turn is a timer entry (a retry, or a row due soon). */
    synchronized int timed() {
        return (int) places.values().stream().filter(p -> p.timer != null && !p.timer.isDone()).count();
    }

    private static void cancelTimer(Place place) {
        if (place.timer != null) {
            place.timer.cancel(false);
            place.timer = null;
        }
    }
}
