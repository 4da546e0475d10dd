package io.customersync.distribution.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.distribution.config.DistributionConfig;

/**
 * hq-service's lookup of the customers' data keys ({@code POST /api/v1/customer-keys/lookup}), called
 * with distribution's own key at HQ (role {@code distribution}; docs/privacy.md). Any failure (HQ
 * unreachable, no key configured, an answer other than 200) is an {@link IOException}: the caller retries.
 */
@Singleton
public class CustomerKeyClient {

    /** A key asked for: its id and the customer of the record it sealed. */
    public record Wanted(UUID keyId, UUID customerId) {
    }

    /** HQ's answer for one key: HELD (with its bytes), ERASED or NOT_HELD. */
    public record Found(UUID keyId, UUID customerId, String status, String key) {

        public boolean held() {
            return "HELD".equals(status) && key != null;
        }

        public boolean erased() {
            return "ERASED".equals(status);
        }

        public byte[] secret() {
            return Base64.getDecoder().decode(key);
        }
    }

    /** A key HQ took lately, handed over ahead of the records it will seal (decision 0018). */
    public record AheadKey(UUID keyId, UUID customerId, String key, Instant escrowedAt) {

        public byte[] secret() {
            return Base64.getDecoder().decode(key);
        }
    }

    record Lookup(List<Wanted> keys, int ahead, Instant escrowedAfter) {
    }

    /** One answer per wanted key, in the order asked, and the keys read ahead (oldest first). */
    public record Answer(List<Found> keys, List<AheadKey> ahead) {

        public Answer {
            ahead = ahead == null ? List.of() : ahead;
        }
    }

    /** Keys asked for in one call at most (HQ takes 500). */
    public static final int MAX_KEYS = 500;

    private final URI lookup;
    private final Optional<String> apiKey;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public CustomerKeyClient(DistributionConfig config, ObjectMapper json) {
        this.lookup = URI.create(HqEndpoint.url(config, "/api/v1/customer-keys/lookup"));
        this.apiKey = config.customerKeys().apiKey();
        this.timeout = config.customerKeys().timeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * One answer per wanted key (at most {@link #MAX_KEYS}), and up to {@code ahead} keys HQ took after
     * {@code escrowedAfter} (or took last, without it).
     */
    public Answer find(List<Wanted> wanted, int ahead, Instant escrowedAfter) throws IOException, InterruptedException {
        String authorization = HqEndpoint.authorization(apiKey, "sealed sync records cannot be opened");
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(lookup).timeout(timeout)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new Lookup(wanted, ahead, escrowedAfter))))
                .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("hq-service answered " + response.statusCode() + " to the key lookup");
        }
        // HQ may answer more than this version knows (the services' requests are read strictly, not HQ's answers)
        Answer answer = json.readerFor(Answer.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(response.body());
        if (answer.keys() == null || answer.keys().size() != wanted.size()) {
            throw new IOException("hq-service's key lookup answered " + (answer.keys() == null ? 0 : answer.keys().size())
                    + " keys for " + wanted.size());
        }
        return answer;
    }
}
