package io.customersync.messaging;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;

/**
 * How the job history ({@link JobHistory}) summarizes the runs nobody asked for and that did not
 * fail: runs that did work are summed into one row per job at most every {@code summary}; runs
 * that found nothing to do into one row at most every {@code idle-summary}.
 */
@ConfigMapping(prefix = "job-history")
public interface JobHistoryConfig {

    @DurationMin(millis = 1)
    Duration summary();

    @DurationMin(millis = 1)
    Duration idleSummary();
}
