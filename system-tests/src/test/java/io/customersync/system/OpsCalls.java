package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls with the ops key to hq-service and distribution-service, and a POS call to a store. */
final class OpsCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private OpsCalls() {
    }

    /** An ops call to hq-service; returns the body (status checked). */
    static String hq(String method, String path, String body, int expected) throws Exception {
        return call(RunningSystem.get().layout().hqPort(), method, path, body, expected);
    }

    /** An ops call to hq-service; returns the answer, whatever its status. */
    static HttpResponse<String> hq(String method, String path, String body) throws Exception {
        return answer(RunningSystem.get().layout().hqPort(), method, path, body);
    }

    /** An ops call to distribution-service; returns the body (status checked). */
    static String distribution(String method, String path, String body, int expected) throws Exception {
        return call(RunningSystem.get().layout().distributionPort(), method, path, body, expected);
    }

    /** A POST with HOUSTON's POS key to a store (the answer unchecked). */
    static HttpResponse<String> channelPost(String channel, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RunningSystem.get().layout().channelPorts().get(channel) + path))
                .header("Authorization", "Bearer " + RunningSystem.HOUSTON_POS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String call(int port, String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = answer(port, method, path, body);
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return response.body();
    }

    private static HttpResponse<String> answer(int port, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + SystemLayout.OPS_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
