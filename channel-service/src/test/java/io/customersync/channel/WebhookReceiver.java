package io.customersync.channel;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver of storefront webhook deliveries on a port of this machine: remembers every
 * request it got and answers 200, or what it was told to answer next (a receiver failing for a while).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, and the status it was answered with. */
    record Received(String eventId, String eventType, String signature, String contentType, String body, int answered) {

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> nextAnswers = new ArrayDeque<>();

    private WebhookReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/hooks", this::handle);
        server.start();
    }

    /** A receiver on a free port. */
    static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    /** A receiver on this port (one that was down comes back). */
    static WebhookReceiver startOn(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    /** The next {@code count} requests are answered {@code status}, whatever they carry. */
    synchronized void failNext(int count, int status) {
        for (int i = 0; i < count; i++) {
            nextAnswers.add(status);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://localhost:" + port() + "/hooks/customers";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> accepted() {
        return received.stream().filter(Received::accepted).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = answer();
        var headers = exchange.getRequestHeaders();
        received.add(new Received(headers.getFirst("Webhook-Id"), headers.getFirst("Webhook-Event"),
                headers.getFirst("Webhook-Signature"), headers.getFirst("Content-Type"), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private synchronized int answer() {
        Integer planned = nextAnswers.poll();
        return planned == null ? 200 : planned;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
