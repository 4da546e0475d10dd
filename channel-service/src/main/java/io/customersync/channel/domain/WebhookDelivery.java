package io.customersync.channel.domain;

import java.time.Instant;
import java.util.UUID;

/** One event of a webhook subscription and how its delivery goes; {@code eventId} is the Webhook-Id. */
public record WebhookDelivery(UUID eventId, String channelId, WebhookEventType type, UUID customerId,
        Status status, int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {

    /** PENDING: to be sent (again) at nextAttemptAt; DELIVERED: a receiver answered 2xx; DEAD: gave up, ops may replay. */
    public enum Status {
        PENDING, DELIVERED, DEAD
    }

    /** A delivery claimed for one attempt: what to send where, and with which secret to sign it. */
    public record Attempt(UUID eventId, WebhookEventType type, int attempt, String url, String secret, String body) {
    }
}
