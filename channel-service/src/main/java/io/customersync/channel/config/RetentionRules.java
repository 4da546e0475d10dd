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
 * sales are business records and stay.
 */
public class RetentionRules {

    /** How long the channel keeps them (the shared retention.* settings are messaging-support's RetentionConfig). */
    @ConfigMapping(prefix = "retention")
    public interface Settings {
        @DurationMin(millis = 1)
        Duration idempotencyKeys();
    }

    @Produces
    @Singleton
    Retention.Rule idempotencyKeys(Settings settings) {
        return Retention.byKey("idempotency_key", List.of("channel_id", "idempotency_key"), "created_at",
                settings.idempotencyKeys());
    }
}
