package io.customersync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A refused connection's pause: the first, then doubled with each refusal in a row, never above the longest. */
class RefusalPauseTest {

    @Test
    void eachRefusalInARowDoublesThePauseUpToTheLongest() {
        assertEquals(1_000, LoadShedding.pauseMillis(1_000, 4_000, 1));
        assertEquals(2_000, LoadShedding.pauseMillis(1_000, 4_000, 2));
        assertEquals(4_000, LoadShedding.pauseMillis(1_000, 4_000, 3));
        assertEquals(4_000, LoadShedding.pauseMillis(1_000, 4_000, 4));
        assertEquals(4_000, LoadShedding.pauseMillis(1_000, 4_000, 1_000_000));
    }

    @Test
    void aLongestPauseNoLongerThanTheFirstKeepsItFixed() {
        assertEquals(1_000, LoadShedding.pauseMillis(1_000, 1_000, 5));
        assertEquals(3_000, LoadShedding.pauseMillis(1_500, 4_000, 2));
        assertEquals(4_000, LoadShedding.pauseMillis(1_500, 4_000, 3));
    }
}
