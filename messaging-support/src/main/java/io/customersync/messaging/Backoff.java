package io.customersync.messaging;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off between retries of a failing step: initial, doubled each failure, capped. Each
 * delay is drawn between half and all of that ("equal jitter"): a thousand stores whose P-jobs lost HQ
 * at the same moment would otherwise retry at the same moments, all at once when it returns.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        this(initial, max, new Random());
    }

    /** @param random where the jitter comes from (a seeded one in tests) */
    Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
        this.next = initial;
    }

    /**
     * The delay before the next retry: between half and all of the current step, which each call doubles,
     * up to the cap.
     */
    public Duration nextDelay() {
        long step = next.toNanos();
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        long half = step / 2;
        return Duration.ofNanos(half + random.nextLong(step - half + 1));
    }

    /**
     * The step before retry number {@code attempt} (1 for the first), for state kept elsewhere (a database row):
     * the same doubling and cap, without jitter (a channel's or a storefront's rows are retried together anyway).
     */
    public static Duration delayBefore(int attempt, Duration initial, Duration max) {
        Duration delay = initial;
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Sleeps {@code delay}; false if interrupted (the interrupt flag is set again: the caller is stopping). */
    public static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void reset() {
        next = initial;
    }
}
