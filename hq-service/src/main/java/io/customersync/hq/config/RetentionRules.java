package io.customersync.hq.config;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.customersync.messaging.Retention;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in HQ's database besides published
 * outbox rows: remembered event ids (keep them longer than the topics keep records, or a replay
 * from the beginning would be processed again) and the job runs' log. Customers, staging and its
 * history stay.
 */
public class RetentionRules {

    @Produces
    @Singleton
    Retention.Rule processedEvents(@ConfigProperty(name = "retention.processed-events") Duration keep) {
        return Retention.byKey("processed_event", List.of("event_id", "consumer"), "processed_at", keep);
    }

    @Produces
    @Singleton
    Retention.Rule jobRuns(@ConfigProperty(name = "retention.job-runs") Duration keep) {
        return Retention.byId("job_run", "finished_at", keep);
    }
}
