package io.customersync.distribution.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.messaging.DatabaseGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Distribution at /q/metrics: deliveries waiting and parked per channel, and the conversion latency
 * (a customer's creation at its channel to its account number landing in that channel's database).
 */
@Singleton
public class DistributionMetrics implements MeterBinder {

    /** A customer of a channel that got its account number in its channel database. */
    public record Conversion(UUID customerId, String channelId, String accountNumber, long latencyMillis,
            Instant at) {
    }

    /** The conversion window rotates in this many slices (10: a 5-minute window moves by 30 s). */
    private static final int WINDOW_SLICES = 10;

    private final DataSource dataSource;
    private final ChannelRegistry registry;
    private final DistributionConfig.Pipeline settings;
    private final Deque<Conversion> recent = new ArrayDeque<>();
    private final LatencyWindow window;
    private volatile Timer conversion;
    private volatile Counter skipped;
    private volatile IntSupplier busyWorkers = () -> 0;
    private volatile IntSupplier waitingChannels = () -> 0;
    private volatile IntSupplier timedChannels = () -> 0;

    public DistributionMetrics(DataSource dataSource, ChannelRegistry registry, DistributionConfig config) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.settings = config.pipeline();
        this.window = new LatencyWindow(settings.conversionWindow(), WINDOW_SLICES, System::nanoTime);
    }


    @Override
    public void bindTo(MeterRegistry meters) {
        DatabaseGauges gauges = new DatabaseGauges(dataSource, meters).outboxBacklog(); // the download sessions' events
        Set<String> gauged = ConcurrentHashMap.newKeySet();
        Consumer<Set<String>> channelGauges = channelIds -> channelIds.stream().filter(gauged::add).forEach(channelId -> {
            gauges.count("customersync.deliveries.pending", "deliveries waiting for a channel database",
                    Tags.of("channel", channelId), DeliveryQueue.COUNT_WAITING, channelId);
            gauges.count("customersync.deliveries.failed", "deliveries parked as FAILED until ops retry",
                    Tags.of("channel", channelId), DeliveryQueue.COUNT_PARKED, channelId);
        });
        channelGauges.accept(registry.channelIds());
        registry.onChange(channelGauges); // a channel added at run time gets its gauges too
        skipped = Counter.builder("customersync.events.skipped")
                .description("sync events none of whose target channels this deployment owns (acknowledged, not queued)")
                .register(meters);
        Gauge.builder("customersync.channel.pools.open", registry, ChannelRegistry::openPools)
                .description("channel database pools open now (an idle channel's pool is closed)").register(meters);
        Gauge.builder("customersync.delivery.workers.busy", this, m -> m.busyWorkers.getAsInt())
                .description("delivery workers working a channel's turn now").register(meters);
        Gauge.builder("customersync.delivery.channels.waiting", this, m -> m.waitingChannels.getAsInt())
                .description("channels in line for a delivery worker").register(meters);
        Gauge.builder("customersync.delivery.channels.timed", this, m -> m.timedChannels.getAsInt())
                .description("channels whose next turn is a timer entry (a retry, or a delivery due soon)").register(meters);
        // cumulative buckets, for Prometheus' histogram_quantile over any range it likes
        conversion = Timer.builder("customersync.conversion")
                .description("from a customer's creation at its channel to its account number in that channel's database")
                .publishPercentileHistogram().register(meters);
        // the page's figures: one histogram of the last window, count, percentiles and max agreeing
        for (String stat : List.of("count", "p50", "p99", "max")) {
            Gauge.builder("customersync.conversion.window", window, w -> stat(w.snapshot(), stat))
                    .description("conversion latency over the last pipeline.conversion-window (ms; count: conversions)")
                    .tags("stat", stat).register(meters);
        }
    }

    /**
     * The delivery workers' gauges: turns being worked now (busy workers), channels waiting in
     * line for a worker, channels whose next turn is a timer entry (a retry or a row due soon).
     */
    public void bindDeliveryWorkers(IntSupplier busy, IntSupplier waiting, IntSupplier timed) {
        this.busyWorkers = busy;
        this.waitingChannels = waiting;
        this.timedChannels = timed;
    }

    /** An event whose targets are all another deployment's. */
    public void eventSkipped() {
        if (skipped != null) {
            skipped.increment();
        }
    }

    public void recordConversion(CustomerSynchronized event, Instant createdAt, Instant committedAt) {
        Duration latency = Duration.between(createdAt, committedAt);
        if (latency.isNegative()) {
            return;
        }
        if (conversion != null) {
            conversion.record(latency);
        }
        window.record(latency);
        synchronized (recent) {
            recent.addFirst(new Conversion(event.customerId(), event.originChannelId(), event.accountNumber(),
                    latency.toMillis(), committedAt));
            while (recent.size() > settings.listSize()) {
                recent.removeLast();
            }
        }
    }

    /** The latest conversions, newest first. */
    public List<Conversion> recentConversions() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /**
     * Conversion latency over the recent window, from one histogram: count in the window, p50, p99
     * and max in milliseconds (null: none in the window; JSON wrote NaN as the string "NaN", found by probing), and the
     * count since start.
     */
    public Map<String, Double> conversionLatency() {
        Map<String, Double> latency = new LinkedHashMap<>();
        LatencyWindow.Snapshot snapshot = window.snapshot();
        latency.put("totalCount", conversion == null ? 0.0 : (double) conversion.count());
        latency.put("count", (double) snapshot.count());
        latency.put("p50Millis", valueOrNull(snapshot.p50Millis()));
        latency.put("p99Millis", valueOrNull(snapshot.p99Millis()));
        latency.put("maxMillis", valueOrNull(snapshot.maxMillis()));
        latency.put("windowMinutes", (double) settings.conversionWindow().toMinutes());
        return latency;
    }

    private static Double valueOrNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static double stat(LatencyWindow.Snapshot snapshot, String stat) {
        return switch (stat) {
            case "count" -> snapshot.count();
            case "p50" -> snapshot.p50Millis();
            case "p99" -> snapshot.p99Millis();
            default -> snapshot.maxMillis();
        };
    }
}
