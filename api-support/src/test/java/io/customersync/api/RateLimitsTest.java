package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void theAddressesTrackedStayBoundedHoweverManySendWrongKeys() {
        RateLimits limits = new RateLimits(500, 3, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 100_000; i++) {
            assertTrue(limits.allowFailedAuthentication("10.0." + (i / 256) % 256 + "." + i % 256 + "/" + i));
        }
        long tracked = limits.trackedAddresses();
        assertTrue(tracked <= 100, "tracked " + tracked);
        assertTrue(tracked > 0, "tracked " + tracked);
    }

    @Test
    void anAddressOverItsBudgetIsRefusedAndOthersAreNot() {
        RateLimits limits = new RateLimits(500, 3, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(limits.allowFailedAuthentication("192.0.2.1"));
        }
        assertFalse(limits.allowFailedAuthentication("192.0.2.1"));
        assertTrue(limits.allowFailedAuthentication("192.0.2.2"));
        assertEquals(2, limits.trackedAddresses());
    }
}
