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
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        String head = "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body.charAt(0);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
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
