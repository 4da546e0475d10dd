package io.customersync.channel.domain;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A channel's webhook subscription: where its events go, signed with {@code secret}, and which ones. */
public record WebhookSubscription(UUID id, String channelId, URI url, String secret, List<WebhookEventType> events,
        Instant createdAt) {
}
