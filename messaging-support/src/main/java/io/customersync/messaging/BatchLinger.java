package io.customersync.messaging;

import java.time.Duration;

/**
 * Fast when idle, batched when busy: whether a consumer applies a poll's records at once or first
 * gathers more. Records that arrive after the loop sat free for at least {@code quiet} found the
 * topic quiet: they are applied at once (a lone customer is not held back). Records that were
 * already waiting, or came sooner, mean more are coming: the loop gathers for up to {@code linger},
 * or until {@code records} are there, and applies them in one transaction. Fetches themselves
 * return as soon as there is a byte to return ({@code fetch.min.bytes=1}): no fixed wait anywhere.
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
