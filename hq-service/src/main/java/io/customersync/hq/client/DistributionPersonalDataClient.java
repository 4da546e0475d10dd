package io.customersync.hq.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.hq.config.HqConfig;

/**
 * distribution-service's personal-data endpoint: what every channel database it knows holds about a
 * customer (HQ has no channel-database access). Called with the ops caller's own key: HQ keeps no
 * distribution credential.
 */
@Singleton
public class DistributionPersonalDataClient {

    /** distribution's answer, or why there is none. */
    public record Answer(JsonNode channels, String unavailable) {
    }

    private final Optional<String> baseUrl;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public DistributionPersonalDataClient(HqConfig config, ObjectMapper json) {
        this.baseUrl = config.distribution().url()
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.timeout = config.distribution().timeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The channel databases' rows of the customer (distribution's {@code channels} array), or why not. */
    public Answer channelsOf(UUID customerId, String authorization) {
        if (baseUrl.isEmpty()) {
            return new Answer(null, "hq.distribution.url is not set");
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                    URI.create(baseUrl.get() + "/api/v1/customers/" + customerId + "/personal-data"))
                    .timeout(timeout).header("Authorization", authorization).header("Accept", "application/json")
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Answer(null, "distribution-service answered " + response.statusCode());
            }
            return new Answer(json.readTree(response.body()).path("channels"), null);
        } catch (IOException e) {
            return new Answer(null, "distribution-service did not answer: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, "interrupted");
        }
    }
}
