package io.customersync.hq.config;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.Retention;
import io.smallrye.config.ConfigMapping;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in HQ's database besides published
 * outbox rows: remembered event ids (keep them longer than the topics keep records, or a replay
 * from the beginning would be processed again). Customers, staging and its
 * history stay.
 */
public class RetentionRules {

    /** How long HQ keeps them (the shared retention.* settings are messaging-support's RetentionConfig). */
    @ConfigMapping(prefix = "retention")
    public interface Settings {
        @DurationMin(millis = 1)
        Duration processedEvents();
    }

    @Produces
    @Singleton
    Retention.Rule processedEvents(Settings settings) {
        return Retention.byKey("processed_event", List.of("event_id", "consumer"), "processed_at",
                settings.processedEvents());
    }
}
