package io.customersync.distribution.jobs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
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
 * due row holds a timer entry, not a thread; an idle channel holds neither, only its small state. A channel whose
 * database is away waits out its retry: new work and sweeps do not bring its turn forward (each try of a store whose
 * network drops packets holds a worker for the connect timeout), ops asking for a run do.
 */
final class ChannelTurns {

    private enum State {
        IDLE, QUEUED, RUNNING
    }

    /**
     * One channel's place: its state, why and by whom its next turn was asked for, its retry timer, whether its
     * database was away at its last turn, and what its failures in a row log.
     */
    private static final class Place {
        State state = State.IDLE;
        boolean again;
        boolean outage;
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

    /** A channel's turn as a worker takes it ({@code outage}: its database was away at its last turn). */
    record Turn(String channelId, String trigger, String requestedBy, Backoff backoff, FailureStreak streak,
            boolean outage) {
    }

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);

    private final Map<String, Place> places = new HashMap<>();
    private final ArrayDeque<String> line = new ArrayDeque<>();
    private final ScheduledExecutorService timer;
    private final Duration retryInitial;
    private final Duration retryMax;
    private int running;

    ChannelTurns(ScheduledExecutorService timer, Duration retryInitial, Duration retryMax) {
        this.timer = timer;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
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

    /** The channel has work: it joins the back of the line (once), or runs again after its current turn. */
    synchronized void ready(String channelId, String trigger, String requestedBy) {
        Place place = places.get(channelId);
        if (place == null) {
            return;
        }
        if (requestedBy != null) {
            place.requestedBy = requestedBy;
        }
        if (place.trigger == null || requestedBy != null) {
            place.trigger = trigger;
        }
        switch (place.state) {
            case IDLE -> {
                if (place.outage && requestedBy == null && place.timer != null && !place.timer.isDone()) {
                    return; // its database is away: the retry comes on its timer
                }
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
        Turn turn = new Turn(channelId, place.trigger, place.requestedBy, place.backoff, place.streak, place.outage);
        place.trigger = null;
        place.requestedBy = null;
        return turn;
    }

    /**
     * The turn is over: {@code nextIn} zero puts the channel at the back of the line at once, a
     * positive one sets its timer, null leaves it idle until someone says it has work; {@code outage}: its database
     * was away (its timer is then the only thing that brings its next turn, or ops).
     */
    synchronized void done(String channelId, Duration nextIn, String nextTrigger, boolean outage) {
        running--;
        Place place = places.get(channelId);
        if (place == null) {
            return; // retired or given to another deployment meanwhile
        }
        place.state = State.IDLE;
        place.outage = outage;
        if (outage && place.requestedBy == null) {
            place.again = false; // new work waits for the retry, as the rest of its queue does (not ops' request)
        }
        if (place.again || (nextIn != null && nextIn.isZero())) {
            boolean again = place.again;
            place.again = false;
            ready(channelId, again ? "EVENT" : nextTrigger, null);
        } else if (nextIn != null) {
            cancelTimer(place);
            try {
                place.timer = timer.schedule(() -> timerFired(channelId, nextTrigger), nextIn.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                place.timer = null; // shutting down: the next start sweeps the queue
            }
        }
    }

    /** The channel's timer came: its turn (a channel whose database is away is held back by nothing else). */
    private synchronized void timerFired(String channelId, String trigger) {
        Place place = places.get(channelId);
        if (place != null) {
            place.timer = null;
            ready(channelId, trigger, null);
        }
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
