package io.customersync.messaging;

import java.time.Duration;

/**
 * Fast when idle, batched when busy: whether a relay or the group commit does its work at once or first
 * gathers more, and likewise a consumer. Work that comes after the relay or writer sat free for at least
 * {@code quiet} found it quiet: it is done at once (a lone customer is not held back). Work that was already
 * waiting, or came sooner, means more is coming: the loop gathers for up to {@code linger}, or until
 * {@code records} are there, and does it in one transaction. A consumer goes by what it sees instead
 * ({@link #gatherFor(boolean, int)}): records that were waiting when its last batch ended are gathered with
 * more, a record that comes to an idle loop is applied at once, however soon after the last batch. Fetches
 * themselves return as soon as there is a byte to return ({@code fetch.min.bytes=1}): no fixed wait anywhere.
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

    /**
     * For a consumer, which sees whether records waited: {@code linger} when they were waiting already the moment
     * its last batch ended (a burst is under way) and fewer than {@code records} are there, else zero.
     */
    public Duration gatherFor(boolean waitingAlready, int count) {
        return waitingAlready && count < records ? linger : Duration.ZERO;
    }
}
