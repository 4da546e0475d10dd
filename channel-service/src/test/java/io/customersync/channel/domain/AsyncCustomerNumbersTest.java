package io.customersync.channel.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AsyncCustomerNumbersTest {

    @Test
    void theChannelIdADashAndTheNumberPaddedToItsDigits() {
        assertEquals("HOUSTON-000000042", AsyncCustomerNumbers.format("HOUSTON", 42, 9));
        assertEquals("ONLINE-1", AsyncCustomerNumbers.format("ONLINE", 1, 1));
    }

    @Test
    void aNumberWiderThanTheDigitsIsKeptWhole() {
        assertEquals("HOUSTON-1234567890", AsyncCustomerNumbers.format("HOUSTON", 1_234_567_890L, 4));
    }
}
