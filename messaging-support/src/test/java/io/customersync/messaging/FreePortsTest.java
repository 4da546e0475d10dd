package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;

/**
 * The test support's ports for the servers tests start come from below the kernel's ephemeral range, so that
 * no client connection's source port can take a stopped service's port (the fault suite restarts services on
 * theirs, and two system tests start services side by side).
 */
class FreePortsTest {

    @Test
    void portsComeFromBelowTheKernelsEphemeralRange() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        assumeTrue(Files.isReadable(range), "a Linux kernel's port range");
        int ephemeralStart = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        assumeTrue(ephemeralStart - 20_000 >= 1_000, "room below the ephemeral range");
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.any();
            assertTrue(port >= 20_000 && port < ephemeralStart, port + " is not below " + ephemeralStart);
        }
        int pair = FreePorts.pair();
        assertTrue(pair + 1 < ephemeralStart, "the pair's second port too: " + pair);
    }
}
