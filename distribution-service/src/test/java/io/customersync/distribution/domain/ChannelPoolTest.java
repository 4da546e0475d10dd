package io.customersync.distribution.domain;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/** What a try of a store's database that does not answer costs the thread that makes it. */
class ChannelPoolTest {

    @Test
    void aDatabaseThatTakesTheConnectionAndNeverAnswersIsGivenUpAfterTheConnectTimeoutNotTheSocketTimeout()
            throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket frozen = new ServerSocket(0)) {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        held.add(frozen.accept()); // and never a byte back
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            Channel channel = new Channel("FROZEN", "jdbc:postgresql://localhost:" + frozen.getLocalPort() + "/store",
                    "customer_distribution", new PasswordReference("env", "PATH"), null, false, null, "main",
                    Channel.Status.ACTIVE);
            ChannelPool pool = new ChannelPool(channel, 1, Duration.ofSeconds(1), Duration.ofSeconds(120));

            long started = System.nanoTime();
            assertThrows(SQLException.class, pool::borrow);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "given up after " + took + " (socket timeout 120 s)");
            assertTrue(!held.isEmpty(), "the connection was taken");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
