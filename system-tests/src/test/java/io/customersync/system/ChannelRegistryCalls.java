package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls of a distribution-service's channel registry API ({@code /api/v1/channels}) as ops make them. */
final class ChannelRegistryCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ChannelRegistryCalls() {
    }

    /** The registration of a channel of the address book the system's channels share, owned by {@code deployment}. */
    static String registration(String database, String passwordRef, String deployment) throws Exception {
        return """
                {"jdbcUrl":"%s","username":"%s","passwordRef":"%s","addressBook":"%s","excludeCustomerData":false,"deployment":"%s"}"""
                .formatted(RunningSystem.get().jdbcUrl(database), LocalSystem.DISTRIBUTION_ROLE, passwordRef,
                        LocalSystem.ADDRESS_BOOK, deployment);
    }

    /** One of the system's channels as LocalSystem seeds it (password from the channel's setting), owned by {@code deployment}. */
    static String seeded(String channelId, String database, String deployment) throws Exception {
        return registration(database, "config:distribution.channels." + channelId + ".password", deployment);
    }

    static String get(int port, String channelId) throws Exception {
        HttpResponse<String> response = call(port, "GET", channelId, null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    static void put(int port, String channelId, String registration, int status) throws Exception {
        HttpResponse<String> response = call(port, "PUT", channelId, registration);
        assertEquals(status, response.statusCode(), response.body());
    }

    static void retire(int port, String channelId) throws Exception {
        HttpResponse<String> response = call(port, "DELETE", channelId, null);
        assertEquals(200, response.statusCode(), response.body());
    }

    private static HttpResponse<String> call(int port, String method, String channelId, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/channels/" + channelId))
                .header("Authorization", "Bearer " + SystemLayout.OPS_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
