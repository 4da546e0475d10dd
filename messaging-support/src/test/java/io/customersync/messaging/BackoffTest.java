package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void eachDelayFallsBetweenHalfAndAllOfAStepThatDoublesUpToTheCapAndStartsOverAfterAReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(350), new Random(7));
        for (int round = 0; round < 200; round++) {
            assertBetween(50, 100, backoff.nextDelay());
            assertBetween(100, 200, backoff.nextDelay());
            assertBetween(175, 350, backoff.nextDelay());
            assertBetween(175, 350, backoff.nextDelay());
            backoff.reset();
        }
    }

    @Test
    void storesThatLostHqAtTheSameMomentDoNotRetryAtTheSameMoments() {
        // 1,000 P-jobs (channel.pjob.retry-initial 200 ms, retry-max 2 s) failing together: their tenth retries
        Random random = new Random(11);
        List<Long> tenthRetryAt = new ArrayList<>();
        for (int store = 0; store < 1_000; store++) {
            Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), random);
            Duration at = Duration.ZERO;
            for (int retry = 1; retry <= 10; retry++) {
                at = at.plus(backoff.nextDelay());
            }
            tenthRetryAt.add(at.toMillis());
        }
        Map<Long, Long> perTenthOfASecond = tenthRetryAt.stream()
                .collect(Collectors.groupingBy(at -> at / 100, Collectors.counting()));
        long busiest = perTenthOfASecond.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(busiest <= 150, "at most 15 % of the stores in the busiest tenth of a second, got " + busiest);
        assertTrue(perTenthOfASecond.size() >= 15, "spread over at least 1.5 s, got " + perTenthOfASecond.size());
    }

    private static void assertBetween(long fromMillis, long toMillis, Duration delay) {
        assertTrue(delay.toMillis() >= fromMillis && delay.toMillis() <= toMillis,
                delay.toMillis() + " ms is not within " + fromMillis + "-" + toMillis + " ms");
    }

    @Test
    void theDelayOfTheNthAttemptFollowsTheSameDoublingAndCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        assertEquals(Duration.ofSeconds(1), Backoff.delayBefore(1, initial, max));
        assertEquals(Duration.ofSeconds(4), Backoff.delayBefore(3, initial, max));
        assertEquals(Duration.ofSeconds(30), Backoff.delayBefore(6, initial, max));
        assertEquals(Duration.ofSeconds(30), Backoff.delayBefore(Integer.MAX_VALUE, initial, max));
    }

    @Test
    void anInterruptedSleepSaysSoAndKeepsTheInterrupt() {
        assertEquals(true, Backoff.sleep(Duration.ofMillis(1)));
        Thread.currentThread().interrupt();
        assertEquals(false, Backoff.sleep(Duration.ofSeconds(10)));
        assertEquals(true, Thread.interrupted());
    }

    @Test
    void aCapBelowTheFirstDelayIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
