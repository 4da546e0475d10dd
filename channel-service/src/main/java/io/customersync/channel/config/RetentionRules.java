package io.customersync.channel.config;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.customersync.messaging.Retention;

/**
 * What housekeeping (messaging-support's RetentionJob) deletes in the channel database besides
 * published outbox rows: answers remembered for Idempotency-Key retries. Customers, addresses and
 * sales are business records and stay.
 */
public class RetentionRules {

    @Produces
    @Singleton
    Retention.Rule idempotencyKeys(@ConfigProperty(name = "retention.idempotency-keys") Duration keep) {
        return Retention.byKey("idempotency_key", List.of("channel_id", "idempotency_key"), "created_at", keep);
    }
}
