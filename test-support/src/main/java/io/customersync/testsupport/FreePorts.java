package io.customersync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free local ports for servers a test starts, and stops again, on the same port.
 * <p>The ports come from below the kernel's ephemeral range (Linux: {@code ip_local_port_range},
 * 32768-60999 by default), not from it: a port the kernel hands out for outgoing connections can be
 * taken as the source port of any client connection (JDBC, Kafka, HTTP) while a killed service is
 * down, and the service then cannot listen on it again ("port in use", seen in the fault suite). A
 * port is handed out once per JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int BELOW_EPHEMERAL = ephemeralRangeStart();

    private FreePorts() {
    }

    public static int any() {
        if (BELOW_EPHEMERAL - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 1_000; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
                if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) { // no room below the ephemeral range: any free port
            socket.setReuseAddress(true);
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose next port is free too (the broker's controller takes port + 1). */
    public static int pair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = any();
            if (port < 65535 && !HANDED_OUT.contains(port + 1) && isFree(port + 1) && HANDED_OUT.add(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("no two free neighbouring ports found");
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (32768 where it cannot be read). */
    private static int ephemeralRangeStart() {
        try {
            // read line by line: Files.readString trusts the file's size, which procfs gives as 0 (JDK 17 then
            // returned "3" of "32768 60999", and every port came from the ephemeral range after all)
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
