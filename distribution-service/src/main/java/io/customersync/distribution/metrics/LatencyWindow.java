package io.customersync.distribution.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * Latencies of the last window in one histogram, so that its count, percentiles and maximum agree
 * (a percentile never exceeds the maximum; both are the histogram's, to 3 significant digits). The
 * window is kept as {@code slices} slices that rotate out whole: a snapshot covers between
 * {@code window - window / slices} and {@code window}.
 */
final class LatencyWindow {

    /** What the window holds now; percentiles and max in milliseconds, NaN when it is empty. */
    record Snapshot(long count, double p50Millis, double p99Millis, double maxMillis) {
    }

    private static final long HIGHEST_MILLIS = Duration.ofHours(1).toMillis();

    private final Histogram[] slices;
    private final long[] sliceOf;
    private final long sliceNanos;
    private final LongSupplier nanoTime;

    LatencyWindow(Duration window, int slices, LongSupplier nanoTime) {
        this.slices = new Histogram[slices];
        this.sliceOf = new long[slices];
        for (int i = 0; i < slices; i++) {
            this.slices[i] = new Histogram(HIGHEST_MILLIS, 3);
            this.sliceOf[i] = Long.MIN_VALUE;
        }
        this.sliceNanos = Math.max(1, window.toNanos() / slices);
        this.nanoTime = nanoTime;
    }

    synchronized void record(Duration latency) {
        long slice = nanoTime.getAsLong() / sliceNanos;
        int at = (int) Math.floorMod(slice, (long) slices.length);
        if (sliceOf[at] != slice) {
            slices[at].reset();
            sliceOf[at] = slice;
        }
        slices[at].recordValue(Math.min(HIGHEST_MILLIS, Math.max(0, latency.toMillis())));
    }

    synchronized Snapshot snapshot() {
        long now = nanoTime.getAsLong() / sliceNanos;
        Histogram window = new Histogram(HIGHEST_MILLIS, 3);
        for (int i = 0; i < slices.length; i++) {
            if (sliceOf[i] > now - slices.length) {
                window.add(slices[i]);
            }
        }
        if (window.getTotalCount() == 0) {
            return new Snapshot(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Snapshot(window.getTotalCount(), window.getValueAtPercentile(50),
                window.getValueAtPercentile(99), window.getMaxValue());
    }
}
