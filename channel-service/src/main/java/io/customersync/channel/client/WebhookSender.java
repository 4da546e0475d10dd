package io.customersync.channel.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import jakarta.inject.Singleton;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.WebhookDelivery;

/**
 * POSTs one webhook event to its subscriber, signed ({@link WebhookSignature}), with the event id
 * for the receiver's idempotency. Any 2xx is a delivery; redirects are not followed.
 */
@Singleton
public class WebhookSender {

    public static final String EVENT_ID = "Webhook-Id";
    public static final String EVENT_TYPE = "Webhook-Event";

    private final HttpClient http;
    private final ChannelConfig.Webhook settings;
    private final Clock clock = Clock.systemUTC();

    public WebhookSender(ChannelConfig config) {
        this.settings = config.webhook();
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Completes with empty when the receiver took it, else with why not (never exceptionally). */
    public CompletableFuture<Optional<String>> send(WebhookDelivery.Attempt attempt) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(attempt.url())).timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "customer-sync-webhook/1")
                    .header(EVENT_ID, attempt.eventId().toString())
                    .header(EVENT_TYPE, attempt.type().wireName())
                    .header(WebhookSignature.HEADER,
                            WebhookSignature.header(attempt.secret(), clock.instant().getEpochSecond(), attempt.body()))
                    .POST(HttpRequest.BodyPublishers.ofString(attempt.body())).build();
        } catch (IllegalArgumentException badUrl) {
            return CompletableFuture.completedFuture(Optional.of("unusable URL"));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        return Optional.of(cause.getClass().getSimpleName());
                    }
                    int status = response.statusCode();
                    return status >= 200 && status < 300 ? Optional.<String> empty() : Optional.of("HTTP " + status);
                });
    }
}
