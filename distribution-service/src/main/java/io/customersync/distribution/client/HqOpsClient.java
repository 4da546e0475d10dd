package io.customersync.distribution.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.distribution.config.DistributionConfig;

/**
 * hq-service's ops API as the pipeline page needs it (jobs, staging counts, failed rows, review queue,
 * run, retry, decide),
 * called with the page user's own key: distribution keeps no HQ credential.
 */
@Singleton
public class HqOpsClient {

    /** HQ's answer: its HTTP status and JSON body. */
    public record Answer(int status, JsonNode body) {
    }

    private final Optional<String> baseUrl;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public HqOpsClient(DistributionConfig config, ObjectMapper json) {
        this.baseUrl = config.pipeline().hqUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.timeout = config.pipeline().hqTimeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public boolean configured() {
        return baseUrl.isPresent();
    }

    public Answer get(String path, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), authorization);
    }

    /** POSTs {@code body} as JSON (none when null). */
    public Answer post(String path, String authorization, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                    .header("Content-Type", "application/json");
        }
        return send(request, authorization);
    }

    private URI uri(String path) {
        return URI.create(baseUrl.orElseThrow(() -> new IllegalStateException("distribution.pipeline.hq-url is not set"))
                + path);
    }

    private Answer send(HttpRequest.Builder request, String authorization) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.timeout(timeout).header("Authorization", authorization)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
        return new Answer(response.statusCode(), body);
    }
}
