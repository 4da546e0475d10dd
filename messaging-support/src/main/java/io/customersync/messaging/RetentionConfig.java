package io.customersync.messaging;

import java.time.Duration;

import jakarta.validation.constraints.Positive;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;

/**
 * Housekeeping shared by every service ({@link RetentionJob}): how often it runs, how many rows one
 * statement deletes, how long published outbox rows and the job history are kept. A service's own kept rows have
 * their keys under the same prefix, in its own mapping.
 */
@ConfigMapping(prefix = "retention")
public interface RetentionConfig {

    @DurationMin(millis = 1)
    Duration interval();

    @Positive
    int batchSize();

    @DurationMin(millis = 0)
    Duration stopGrace();

    @DurationMin(millis = 1)
    Duration outbox();

    /** How long the job history ({@code job_run}) keeps a row. */
    @DurationMin(millis = 1)
    Duration jobRuns();
}
