package io.customersync.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The recent past of a few figures for the pipeline page's charts, sampled by the service itself so
 * that a page opened just now still shows the whole window: a ring of samples taken every
 * {@code interval}, each the time and a value per series (a series missing from a sample is a gap),
 * holding at most {@code window}. Counters (e.g. conversions since start) are turned into a rate
 * per second between two readings; a counter that went down (the service restarted, the counter was
 * reset) counts from zero, so a rate is never negative. Thread-safe.
 */
public final class SampleHistory {

    /** One sample: its time and a value per series. */
    public record Sample(Instant at, Map<String, Double> values) {
    }

    /**
     * The window as columns, oldest first, the shape a chart takes: {@code at} in epoch milliseconds
     * and, per series, one value per time (null: no value then).
     */
    public record Columns(long intervalMillis, long windowMillis, List<Long> at, Map<String, List<Double>> series) {

        /** Only the series whose names pass {@code keep} (e.g. those of the channels a caller sees). */
        public Columns select(Predicate<String> keep) {
            Map<String, List<Double>> kept = new LinkedHashMap<>();
            series.forEach((name, values) -> {
                if (keep.test(name)) {
                    kept.put(name, values);
                }
            });
            return new Columns(intervalMillis, windowMillis, at, Collections.unmodifiableMap(kept));
        }
    }

    private record Reading(Instant at, double value) {
    }

    private final Duration interval;
    private final Duration window;
    private final Sample[] ring;
    private final Map<String, Reading> lastReadings = new HashMap<>();
    private int next;
    private int size;

    public SampleHistory(Duration interval, Duration window) {
        if (interval.isNegative() || interval.isZero() || window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("a sample interval of " + interval + " and a window of " + window);
        }
        this.interval = interval;
        this.window = window;
        this.ring = new Sample[(int) Math.min(100_000, window.toNanos() / interval.toNanos() + 1)];
    }

    public Duration interval() {
        return interval;
    }

    public Duration window() {
        return window;
    }

    /**
     * Adds a sample: {@code gauges} as they are, {@code counters} as their rate per second since
     * their last reading (none at a counter's first reading). NaN and infinite values are left out.
     */
    public synchronized void record(Instant at, Map<String, Double> gauges, Map<String, Double> counters) {
        Map<String, Double> values = new LinkedHashMap<>();
        gauges.forEach((series, value) -> {
            if (value != null && Double.isFinite(value)) {
                values.put(series, value);
            }
        });
        counters.forEach((series, value) -> {
            if (value == null || !Double.isFinite(value)) {
                return;
            }
            Reading last = lastReadings.put(series, new Reading(at, value));
            if (last != null && at.isAfter(last.at())) {
                double increase = value >= last.value() ? value - last.value() : value;
                values.put(series, increase / (Duration.between(last.at(), at).toNanos() / 1e9));
            }
        });
        ring[next] = new Sample(at, Collections.unmodifiableMap(values));
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The samples taken within {@code window} before {@code now}, oldest first. */
    public synchronized List<Sample> samples(Instant now) {
        Instant since = now.minus(window);
        List<Sample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Sample sample = ring[Math.floorMod(next - size + i, ring.length)];
            if (sample.at().isAfter(since) && !sample.at().isAfter(now)) {
                samples.add(sample);
            }
        }
        return samples;
    }

    /** {@link #samples} as columns, series in name order. */
    public Columns columns(Instant now) {
        List<Sample> samples = samples(now);
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.values().keySet()));
        List<Long> at = samples.stream().map(s -> s.at().toEpochMilli()).toList();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (String name : names) {
            series.put(name, Collections.unmodifiableList(samples.stream().map(s -> s.values().get(name))
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll)));
        }
        return new Columns(interval.toMillis(), window.toMillis(), at, Collections.unmodifiableMap(series));
    }
}
