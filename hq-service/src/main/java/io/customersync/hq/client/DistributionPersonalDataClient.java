package io.customersync.hq.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    /**
     * The channel databases' rows of each customer (distribution's {@code channels} array), or why not, in the
     * order asked: all asked at once, so an account with customers linked to it takes one timeout at most.
     */
    public List<Answer> channelsOf(List<UUID> customerIds, String authorization) {
        if (baseUrl.isEmpty()) {
            return customerIds.stream().map(id -> new Answer(null, "hq.distribution.url is not set")).toList();
        }
        List<CompletableFuture<Answer>> answers = customerIds.stream().map(id -> http.sendAsync(HttpRequest.newBuilder(
                URI.create(baseUrl.get() + "/api/v1/customers/" + id + "/personal-data"))
                .timeout(timeout).header("Authorization", authorization).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray()).thenApply(this::answer)).toList();
        return answers.stream().map(DistributionPersonalDataClient::join).toList();
    }

    private Answer answer(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return new Answer(null, "distribution-service answered " + response.statusCode());
        }
        try {
            return new Answer(json.readTree(response.body()).path("channels"), null);
        } catch (IOException e) {
            return new Answer(null, "distribution-service answered no JSON: " + e.getClass().getSimpleName());
        }
    }

    private static Answer join(CompletableFuture<Answer> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Answer(null, "distribution-service did not answer: " + cause.getClass().getSimpleName());
        }
    }
}
