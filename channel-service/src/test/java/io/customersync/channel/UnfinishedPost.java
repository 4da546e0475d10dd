package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.restassured.RestAssured;

/** A till's POST of a customer over a raw socket, its body held back: a request that holds a slot for as long as a test wants. */
final class UnfinishedPost {

    private UnfinishedPost() {
    }

    /** Sends the headers and the first byte of {@code body}, not the rest. */
    static Socket start(String body) throws IOException {
        return start(body, "");
    }

    /** As {@link #start(String)}, from a client that closes its connection after the answer. */
    static Socket startClosing(String body) throws IOException {
        return start(body, "Connection: close\r\n");
    }

    private static Socket start(String body, String header) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        String head = head(body);
        send(socket, head.substring(0, head.length() - 2) + header + "\r\n" + body.charAt(0));
        return socket;
    }

    /** Sends a whole POST of {@code body} on the keep-alive connection. */
    static void post(Socket socket, String body) throws IOException {
        send(socket, head(body) + body);
    }

    private static String head(String body) {
        return "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The status line of the whole answer, read to its end so the connection can carry the next request. */
    static String answer(InputStream in) throws IOException {
        String status = statusLine(in);
        int length = 0;
        for (String header = statusLine(in).strip(); !header.isEmpty(); header = statusLine(in).strip()) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
        return status;
    }

    /** Sends the rest of the body. */
    static void finish(Socket post, String body) throws IOException {
        OutputStream out = post.getOutputStream();
        out.write(body.substring(1).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The status line of the answer, e.g. {@code HTTP/1.1 201 Created}. */
    static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
