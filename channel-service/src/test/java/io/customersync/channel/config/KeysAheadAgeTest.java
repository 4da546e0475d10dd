package io.customersync.channel.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The purge of keys left unused is safe only if no save outlives a key's max age: the transaction time-out. */
class KeysAheadAgeTest {

    @Test
    void aTransactionTimeOutLongerThanTheKeysMaxAgeIsRefusedAndOneUpToItIsNot() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> KeysAheadAge.check(Duration.ofMinutes(1), Duration.ofMinutes(5)));
        assertTrue(refused.getMessage().contains("channel.pjob.keys-ahead-max-age"));
        assertDoesNotThrow(() -> KeysAheadAge.check(Duration.ofMinutes(1), Duration.ofSeconds(60)));
        assertDoesNotThrow(() -> KeysAheadAge.check(Duration.ofHours(24), Duration.ofSeconds(60)));
    }
}
