package io.customersync.distribution.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.distribution.config.DistributionConfig;

/**
 * hq-service's current announcements of its customers ({@code GET /api/v1/customer-announcements}), read page by
 * page for a channel's full sync with distribution's own key at HQ (role {@code distribution}, as the key lookup
 * of {@link CustomerKeyClient}). Any failure (HQ unreachable, no key configured, an answer other than 200) is an
 * {@link IOException}: the full sync tries the page again.
 */
@Singleton
public class HqAnnouncementClient {

    /** A page of announcements, erasures, and the account number to read after next (null: this was the last page). */
    public record Page(List<CustomerSynchronized> announcements, List<CustomerErased> erasures, String nextAfter) {
    }

    private final String base;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public HqAnnouncementClient(DistributionConfig config, ObjectMapper json) {
        this.base = HqEndpoint.url(config, "/api/v1/customer-announcements");
        this.apiKey = config.customerKeys().apiKey();
        this.timeout = config.fullSync().timeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Up to {@code limit} customers created at one of {@code origins}, after account {@code after} (null: the first). */
    public Page page(List<String> origins, String after, int limit) throws IOException, InterruptedException {
        String authorization = HqEndpoint.authorization(apiKey, "HQ's customers cannot be read");
        String query = origins.stream().map(o -> "origin=" + encoded(o)).collect(Collectors.joining("&"))
                + "&limit=" + limit + (after == null ? "" : "&after=" + encoded(after));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "?" + query)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("hq-service answered " + response.statusCode() + " to the customer announcements");
        }
        JsonNode page = json.readTree(response.body());
        List<CustomerSynchronized> announcements = new ArrayList<>();
        for (JsonNode announcement : page.path("announcements")) {
            // read as the sync topic's records are, by the events' own mapper
            announcements.add(EventJson.read(json.writeValueAsBytes(announcement), CustomerSynchronized.class));
        }
        List<CustomerErased> erasures = new ArrayList<>();
        for (JsonNode erasure : page.path("erasures")) {
            erasures.add(EventJson.read(json.writeValueAsBytes(erasure), CustomerErased.class));
        }
        JsonNode next = page.path("nextAfter");
        return new Page(announcements, erasures, next.isTextual() ? next.asText() : null);
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
