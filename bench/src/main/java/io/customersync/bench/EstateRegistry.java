package io.customersync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.system.LocalSystem;
import io.customersync.system.SystemLayout;

/**
 * The estate's channels in distribution-service's live registry, through its ops API
 * (PUT /api/v1/channels/{id}): each like HOUSTON (same server, role and password reference) with a
 * database of its own and the address book the phase gives it.
 */
final class EstateRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalSystem system;
    private final String channels;
    private final JsonNode houston;

    EstateRegistry(LocalSystem system) throws IOException, InterruptedException {
        this.system = system;
        this.channels = "http://localhost:" + system.layout().distributionPort() + "/api/v1/channels/";
        HttpResponse<String> answer = http.send(request("HOUSTON").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("distribution's registry answered " + answer.statusCode() + ": " + answer.body());
        }
        this.houston = JSON.readTree(answer.body());
    }

    /** HOUSTON's address book (ONLINE's too). */
    String houstonsBook() {
        return houston.path("addressBook").asText();
    }

    /** Adds or changes an estate channel ({@code ESTATE_001}: database channel_estate_001), in {@code book} or none. */
    void put(String channelId, String book) throws IOException, InterruptedException {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("jdbcUrl", system.jdbcUrl("channel_" + channelId.toLowerCase()));
        registration.put("username", houston.path("username").asText());
        registration.put("passwordRef", houston.path("passwordRef").asText());
        registration.put("addressBook", book);
        registration.put("excludeCustomerData", false);
        HttpResponse<String> answer = http.send(request(channelId).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(registration))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("registering " + channelId + ": " + answer.statusCode() + " " + answer.body());
        }
    }

    private HttpRequest.Builder request(String channelId) {
        return HttpRequest.newBuilder(URI.create(channels + channelId)).header("Authorization", "Bearer " + SystemLayout.OPS_KEY);
    }
}
