package io.customersync.api;

/** A key, or a client address sending wrong keys, is over its {@link RateLimits} budget: 429. */
public class RateLimitExceededException extends RuntimeException {

    public RateLimitExceededException() {
        super("slow down and retry after the period", null, false, false);
    }
}
