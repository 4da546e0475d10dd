package io.customersync.messaging;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;

/**
 * How a service supervises its background workers ({@link Workers}), the same keys in every service:
 * when a worker counts as stuck, when a failing one takes readiness down, when it gives up, and the
 * back-off between its restarts.
 */
@ConfigMapping(prefix = "workers")
public interface WorkersConfig {

    /** A running worker that completed no turn for this long is STUCK (readiness down). */
    @DurationMin(seconds = 1)
    Duration stuckAfter();

    /** A worker failing (restarting, no completed turn since its failure) this long takes readiness down. */
    @DurationMin(millis = 0)
    Duration unreadyAfter();

    /** After this many failures in a row without a completed turn the worker gives up: DEAD (liveness down). */
    @Positive
    int giveUpAfter();

    /** The first back-off before a restart, doubled after each failure in a row ... */
    @DurationMin(millis = 1)
    Duration restartInitial();

    /** ... up to this. */
    @DurationMin(millis = 1)
    Duration restartMax();
}
