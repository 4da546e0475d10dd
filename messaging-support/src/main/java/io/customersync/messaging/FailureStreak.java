package io.customersync.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * What a worker that retries the same failure every second or two logs: the first failure at once, then one line a
 * minute with the attempts since, and one line when it works again. A relay held by an outage (HQ's, the broker's)
 * logged a line at every retry, about 2,000 an hour per store (found by probing ./run.sh, 2026-12-06).
 */
final class FailureStreak {

    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final String name;
    private final LongSupplier nanoTime;
    private int failures;
    private Instant since;
    private long lastLogged;

    FailureStreak(Logger log, String name, LongSupplier nanoTime) {
        this.log = log;
        this.name = name;
        this.nanoTime = nanoTime;
    }

    /** @return whether a line was logged for this failure */
    boolean failed(Exception e, Duration retryIn) {
        long now = nanoTime.getAsLong();
        if (failures++ == 0) {
            since = Instant.now();
            lastLogged = now;
            log.warnf("%s: publishing failed (%s); unsent rows wait, retrying in %d ms", name, e, retryIn.toMillis());
            return true;
        }
        if (now - lastLogged >= SUMMARY_EVERY.toNanos()) {
            lastLogged = now;
            log.warnf("%s: publishing still failing (%s), %d attempts since %s; unsent rows wait, retrying in %d ms",
                    name, e, failures, since, retryIn.toMillis());
            return true;
        }
        log.debugf("%s: publishing failed (%s), attempt %d; retrying in %d ms", name, e, failures, retryIn.toMillis());
        return false;
    }

    /** @return whether a line was logged: the first success after failures */
    boolean succeeded() {
        if (failures == 0) {
            return false;
        }
        log.infof("%s: publishing again after %d failed attempts since %s", name, failures, since);
        failures = 0;
        return true;
    }
}
