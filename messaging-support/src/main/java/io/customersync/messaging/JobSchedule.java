package io.customersync.messaging;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;

/**
 * How a job runs (a config group under the job's key): {@code mode} CONTINUOUS, SCHEDULED or
 * ON_DEMAND, and {@code interval}, the schedule of a SCHEDULED job.
 */
public interface JobSchedule {

    @NotNull
    JobRunner.Mode mode();

    @DurationMin(millis = 1)
    Duration interval();
}
