package io.customersync.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * What a worker that retries the same failure every second or two logs: the first failure at once, then one line a
 * minute with the attempts since, and one line when it works again. A relay held by an outage (HQ's, the broker's)
 * logged a line at every retry, about 2,000 an hour per store (found by probing ./run.sh, 2026-12-06); so did a
 * consumer whose database was away, and the 1010 job for a store's database away.
 */
public final class FailureStreak {

    static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

    private final Logger log;
    private final String name;
    private final String meanwhile;
    private final LongSupplier nanoTime;
    private int failures;
    private Instant since;
    private long lastLogged;

    /**
     * @param name who retries, as its lines start ({@code p-job}, {@code 1010 job, channel HOUSTON})
     * @param meanwhile what waits while it fails ({@code unsent rows wait})
     */
    public FailureStreak(Logger log, String name, String meanwhile) {
        this(log, name, meanwhile, System::nanoTime);
    }

    FailureStreak(Logger log, String name, String meanwhile, LongSupplier nanoTime) {
        this.log = log;
        this.name = name;
        this.meanwhile = meanwhile;
        this.nanoTime = nanoTime;
    }

    /**
     * @param doing what failed ({@code publishing})
     * @param retryIn when it is tried again
     * @return whether a line was logged for this failure
     */
    public boolean failed(String doing, Exception e, Duration retryIn) {
        long now = nanoTime.getAsLong();
        if (failures++ == 0) {
            since = Instant.now();
            lastLogged = now;
            log.warnf("%s: %s failed (%s); %s, retrying in %d ms", name, doing, e, meanwhile, retryIn.toMillis());
            return true;
        }
        if (now - lastLogged >= SUMMARY_EVERY.toNanos()) {
            lastLogged = now;
            log.warnf("%s: %s still failing (%s), %d attempts since %s; %s, retrying in %d ms", name, doing, e, failures,
                    since, meanwhile, retryIn.toMillis());
            return true;
        }
        log.debugf("%s: %s failed (%s), attempt %d; retrying in %d ms", name, doing, e, failures, retryIn.toMillis());
        return false;
    }

    /**
     * @param doing what works again ({@code publishing})
     * @return whether a line was logged: the first success after failures
     */
    public boolean succeeded(String doing) {
        if (failures == 0) {
            return false;
        }
        log.infof("%s: %s again after %d failed attempts since %s", name, doing, failures, since);
        failures = 0;
        return true;
    }
}
