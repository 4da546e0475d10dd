package io.customersync.distribution.config;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.customersync.messaging.Retention;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in distribution's database besides
 * published outbox rows: delivered queue rows (they also drop a redelivered event, so keep them
 * longer than the topics keep records) and the download sessions' log. Deliveries not yet made, and
 * parked (FAILED) ones waiting for ops, stay whatever their age.
 */
public class RetentionRules {

    @Produces
    @Singleton
    Retention.Rule deliveries(@ConfigProperty(name = "retention.deliveries") Duration keep) {
        return Retention.byId("pending_delivery", "delivered_at", keep);
    }

    @Produces
    @Singleton
    Retention.Rule downloadSessions(@ConfigProperty(name = "retention.download-sessions") Duration keep) {
        return Retention.byId("download_session", "finished_at", keep);
    }
}
