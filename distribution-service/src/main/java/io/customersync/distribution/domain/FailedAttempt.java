package io.customersync.distribution.domain;

import java.time.Instant;

/** A delivery that failed this time: due again at {@code nextAttemptAt}, or parked after max-attempts. */
public record FailedAttempt(long id, String error, Instant nextAttemptAt) {
}
