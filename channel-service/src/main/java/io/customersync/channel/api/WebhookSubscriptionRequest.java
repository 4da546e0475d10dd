package io.customersync.channel.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.customersync.api.FieldProblemException;
import io.customersync.channel.domain.WebhookEventType;

/**
 * Subscribes a channel to the storefront webhook: where to POST its events and which ones (all
 * four when {@code events} is left out). The secret is made by the service and answered once.
 */
public record WebhookSubscriptionRequest(
        @Schema(example = "ONLINE") @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,32}",
                message = "must be a channel id: 1 to 32 letters, digits, '-' or '_'") String channelId,
        @Schema(example = "https://shop.example.com/hooks/customers") @NotBlank @Size(max = 2000)
        @Pattern(regexp = "(?i)https?://[^\\s/?#@]+[^\\s]*", message = "must be an absolute http or https URL") String url,
        @Schema(example = "[\"customer.synced\", \"customer.changed\", \"customer.failed\", \"customer.erased\"]")
        @Size(min = 1, max = 4) List<@NotNull @Pattern(regexp = WebhookEventType.PATTERN,
                message = "must be customer.synced, customer.changed, customer.failed or customer.erased") String> events) {

    /** The URL as a URI; a 400 naming {@code url} if Java cannot use it (the pattern let it through). */
    public URI uri() {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new FieldProblemException(400, "url", "must be an absolute http or https URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new FieldProblemException(400, "url", "is not a URL: " + e.getReason());
        }
    }

    public List<WebhookEventType> eventTypes() {
        if (events == null) {
            return List.of(WebhookEventType.values());
        }
        return events.stream().distinct().map(name -> WebhookEventType.of(name).orElseThrow()).toList();
    }
}
