package io.customersync.messaging;

import java.time.Duration;

/**
 * Fast when idle, batched when busy: whether a relay or the group commit does its work at once or first
 * gathers more. Work that comes after the relay or writer sat free for at least
 * {@code quiet} found it quiet: it is done at once (a lone customer is not held back). Work that was already
 * waiting, or came sooner, means more is coming: the loop gathers for up to {@code linger}, or until
 * {@code records} are there, and does it in one transaction. A consumer goes by what it sees instead
 * ({@link EventConsumerLoop.Gathering}).
 */
public record BatchLinger(Duration quiet, Duration linger, int records) {

    /** Applies every poll's records at once. */
    public static final BatchLinger NONE = new BatchLinger(Duration.ZERO, Duration.ZERO, 1);

    /**
     * @param free how long the loop had nothing to do before these records came
     * @param count how many records the poll returned
     * @return how long to gather more first; zero to apply them now
     */
    public Duration gatherFor(Duration free, int count) {
        if (count >= records || free.compareTo(quiet) >= 0) {
            return Duration.ZERO;
        }
        return linger;
    }
}
