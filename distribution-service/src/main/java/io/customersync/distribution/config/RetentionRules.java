package io.customersync.distribution.config;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.Retention;
import io.smallrye.config.ConfigMapping;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in distribution's database besides
 * published outbox rows: delivered queue rows (they also drop a redelivered event, so keep them
 * longer than the topics keep records) and the download sessions' log. Deliveries not yet made, and
 * parked (FAILED) ones waiting for ops, stay whatever their age.
 */
public class RetentionRules {

    /** How long distribution keeps them (the shared retention.* settings are messaging-support's RetentionConfig). */
    @ConfigMapping(prefix = "retention")
    public interface Settings {
        @DurationMin(millis = 1)
        Duration deliveries();

        @DurationMin(millis = 1)
        Duration downloadSessions();
    }

    @Produces
    @Singleton
    Retention.Rule deliveries(Settings settings) {
        return Retention.byId("pending_delivery", "delivered_at", settings.deliveries());
    }

    @Produces
    @Singleton
    Retention.Rule downloadSessions(Settings settings) {
        return Retention.byId("download_session", "finished_at", settings.downloadSessions());
    }
}
