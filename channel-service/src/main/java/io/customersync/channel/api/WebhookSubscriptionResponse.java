package io.customersync.channel.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.customersync.channel.domain.WebhookEventType;
import io.customersync.channel.domain.WebhookSubscription;

/** A channel's webhook subscription; {@code secret} only in the answer to its creation, never after. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookSubscriptionResponse(String channelId, String url, List<String> events, Instant createdAt,
        String secret) {

    /** As it is read: without the secret. */
    static WebhookSubscriptionResponse from(WebhookSubscription s) {
        return new WebhookSubscriptionResponse(s.channelId(), s.url().toString(),
                s.events().stream().map(WebhookEventType::wireName).toList(), s.createdAt(), null);
    }

    /** The answer to its creation: the one time the secret is shown. */
    static WebhookSubscriptionResponse created(WebhookSubscription s) {
        WebhookSubscriptionResponse read = from(s);
        return new WebhookSubscriptionResponse(read.channelId(), read.url(), read.events(), read.createdAt(), s.secret());
    }
}
