package io.customersync.channel.config;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.hibernate.validator.constraints.time.DurationMin;

import io.customersync.messaging.Retention;
import io.smallrye.config.ConfigMapping;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in the channel database besides
 * published outbox rows: answers remembered for Idempotency-Key retries. Customers, addresses and
 * sales are business records and stay; delivered storefront webhook events go too.
 */
public class RetentionRules {

    /** How long the channel keeps them (the shared retention.* settings are messaging-support's RetentionConfig). */
    @ConfigMapping(prefix = "retention")
    public interface Settings {
        @DurationMin(millis = 1)
        Duration idempotencyKeys();

        @DurationMin(millis = 1)
        Duration webhookDeliveries();
    }

    @Produces
    @Singleton
    Retention.Rule idempotencyKeys(Settings settings) {
        return Retention.byKey("idempotency_key", List.of("channel_id", "idempotency_key"), "created_at",
                settings.idempotencyKeys());
    }

    /** Delivered storefront webhook events (by delivery time: pending and dead-lettered ones have none and stay). */
    @Produces
    @Singleton
    Retention.Rule webhookDeliveries(Settings settings) {
        return Retention.byKey("webhook_delivery", List.of("id"), "delivered_at", settings.webhookDeliveries());
    }
}
