package io.customersync.channel.api;

import java.time.Instant;
import java.util.UUID;

import io.customersync.channel.domain.WebhookDelivery;

/** One webhook event and how its delivery went (never its body). */
public record WebhookDeliveryResponse(UUID eventId, String type, UUID customerId, WebhookDelivery.Status status,
        int attempts, String lastError, Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {

    static WebhookDeliveryResponse from(WebhookDelivery d) {
        return new WebhookDeliveryResponse(d.eventId(), d.type().wireName(), d.customerId(), d.status(), d.attempts(),
                d.lastError(), d.createdAt(), d.status() == WebhookDelivery.Status.PENDING ? d.nextAttemptAt() : null,
                d.deliveredAt());
    }
}
