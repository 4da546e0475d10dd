package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class SampleHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void theRingWrapsAroundAndKeepsOnlyTheLastWindowOldestFirst() {
        SampleHistory history = new SampleHistory(FIVE_SECONDS, Duration.ofSeconds(20)); // room for 5
        for (int i = 0; i < 12; i++) {
            history.record(at(i), Map.of("backlog", (double) i), Map.of());
        }

        List<SampleHistory.Sample> samples = history.samples(at(11));
        // the ring holds the last 5 (the 8th to the 12th); the 8th is exactly 20 s old, out of the window
        assertEquals(List.of(at(8), at(9), at(10), at(11)), samples.stream().map(SampleHistory.Sample::at).toList());
        assertEquals(List.of(8.0, 9.0, 10.0, 11.0), samples.stream().map(s -> s.values().get("backlog")).toList());
    }

    @Test
    void samplesOlderThanTheWindowAreDroppedEvenWhenTheRingIsNotFull() {
        SampleHistory history = new SampleHistory(FIVE_SECONDS, Duration.ofMinutes(15));
        history.record(at(0), Map.of("backlog", 1.0), Map.of());
        history.record(at(1), Map.of("backlog", 2.0), Map.of());

        assertEquals(2, history.samples(at(1)).size());
        // the sampler stopped (e.g. the database was away): 15 minutes later the old samples are gone
        assertEquals(1, history.samples(at(0).plus(Duration.ofMinutes(15)).plusMillis(1)).size());
        assertTrue(history.samples(at(1).plus(Duration.ofMinutes(15))).isEmpty());
    }

    @Test
    void aCounterBecomesARatePerSecondAndARestartNeverMakesItNegative() {
        SampleHistory history = new SampleHistory(FIVE_SECONDS, Duration.ofMinutes(15));
        history.record(at(0), Map.of(), Map.of("conversions", 100.0));
        history.record(at(1), Map.of(), Map.of("conversions", 150.0));
        history.record(at(2), Map.of(), Map.of("conversions", 150.0));
        history.record(at(3), Map.of(), Map.of("conversions", 20.0)); // restarted: counted from zero
        history.record(at(4), Map.of(), Map.of("conversions", 45.0));

        List<Double> rates = history.columns(at(4)).series().get("conversions");
        assertEquals(Arrays.asList(null, 10.0, 0.0, 4.0, 5.0), rates);
        assertTrue(rates.stream().filter(r -> r != null).allMatch(r -> r >= 0));
    }

    @Test
    void aSeriesMissingFromASampleIsAGapAndNotANumberIsLeftOut() {
        SampleHistory history = new SampleHistory(FIVE_SECONDS, Duration.ofMinutes(15));
        history.record(at(0), Map.of("created/HOUSTON", 2.0, "created/ONLINE", 1.0), Map.of());
        history.record(at(1), Map.of("created/ONLINE", 3.0, "latency/p99", Double.NaN), Map.of()); // HOUSTON did not answer
        history.record(at(2), Map.of("created/HOUSTON", 4.0, "created/ONLINE", 0.0), Map.of());

        SampleHistory.Columns columns = history.columns(at(2));
        assertEquals(List.of(at(0).toEpochMilli(), at(1).toEpochMilli(), at(2).toEpochMilli()), columns.at());
        assertEquals(List.of("created/HOUSTON", "created/ONLINE"), List.copyOf(columns.series().keySet()));
        assertEquals(Arrays.asList(2.0, null, 4.0), columns.series().get("created/HOUSTON"));
        assertEquals(List.of(1.0, 3.0, 0.0), columns.series().get("created/ONLINE"));
        assertEquals(5_000, columns.intervalMillis());
        assertEquals(900_000, columns.windowMillis());
        assertNull(history.samples(at(1)).get(1).values().get("latency/p99"));
        assertEquals(List.of("created/ONLINE"), List.copyOf(columns.select(name -> name.endsWith("/ONLINE")).series().keySet()));
        assertEquals(columns.at(), columns.select(name -> false).at());
    }

    @Test
    void anEmptyHistoryHasNoColumnsAndANonsenseWindowIsRefused() {
        SampleHistory history = new SampleHistory(FIVE_SECONDS, Duration.ofMinutes(15));
        assertTrue(history.columns(T0).at().isEmpty());
        assertTrue(history.columns(T0).series().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SampleHistory(Duration.ZERO, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new SampleHistory(Duration.ofMinutes(2), Duration.ofMinutes(1)));
    }

    @Test
    void writersAndReadersAtOnceSeeWholeSamples() throws Exception {
        SampleHistory history = new SampleHistory(Duration.ofMillis(1), Duration.ofMillis(100));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                running.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 5_000; i++) {
                        double v = i;
                        history.record(T0.plusMillis(i), Map.of("a", v, "b", v), Map.of("c" + writer, v));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                running.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) {
                        for (SampleHistory.Sample s : history.samples(T0.plusMillis(5_000))) {
                            assertEquals(s.values().get("a"), s.values().get("b"));
                        }
                        SampleHistory.Columns columns = history.columns(T0.plusMillis(5_000));
                        columns.series().values().forEach(v -> assertEquals(columns.at().size(), v.size()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertFalse(history.samples(T0.plusMillis(5_000)).isEmpty());
    }

    private static Instant at(int sample) {
        return T0.plus(FIVE_SECONDS.multipliedBy(sample));
    }
}
