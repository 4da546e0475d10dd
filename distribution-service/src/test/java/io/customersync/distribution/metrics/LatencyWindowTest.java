package io.customersync.distribution.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The page's latency figures: one histogram over a stated window, a percentile never above the maximum. */
class LatencyWindowTest {

    private final AtomicLong now = new AtomicLong(Duration.ofHours(5).toNanos());
    private final LatencyWindow window = new LatencyWindow(Duration.ofMinutes(5), 10, now::get);

    @Test
    void noPercentileExceedsTheMaximumWhateverTheLatencies() {
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            LatencyWindow fresh = new LatencyWindow(Duration.ofMinutes(5), 10, now::get);
            int count = 1 + random.nextInt(500);
            for (int i = 0; i < count; i++) {
                // mostly fast, a tail of slow ones, as after a start under load
                long millis = random.nextInt(10) == 0 ? 1_000 + random.nextInt(5_000) : 20 + random.nextInt(200);
                fresh.record(Duration.ofMillis(millis));
                now.addAndGet(Duration.ofMillis(random.nextInt(100)).toNanos());
            }
            LatencyWindow.Snapshot snapshot = fresh.snapshot();
            assertTrue(snapshot.p50Millis() <= snapshot.p99Millis(), snapshot.toString());
            assertTrue(snapshot.p99Millis() <= snapshot.maxMillis(), snapshot.toString());
        }
    }

    @Test
    void theFiguresAreThoseOfTheWindowOnly() {
        window.record(Duration.ofMillis(5_000)); // a slow start
        now.addAndGet(Duration.ofMinutes(6).toNanos());
        for (int i = 1; i <= 100; i++) {
            window.record(Duration.ofMillis(i));
        }

        LatencyWindow.Snapshot snapshot = window.snapshot();

        assertEquals(100, snapshot.count(), "the slow start is older than the window");
        assertEquals(50, snapshot.p50Millis(), 1);
        assertEquals(99, snapshot.p99Millis(), 1);
        assertEquals(100, snapshot.maxMillis(), 1);
    }

    @Test
    void anEmptyWindowSaysSo() {
        window.record(Duration.ofMillis(30));
        now.addAndGet(Duration.ofMinutes(5).plusSeconds(31).toNanos());

        LatencyWindow.Snapshot snapshot = window.snapshot();

        assertEquals(0, snapshot.count());
        assertTrue(Double.isNaN(snapshot.maxMillis()));
    }
}
