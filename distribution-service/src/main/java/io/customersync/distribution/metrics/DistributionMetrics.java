package io.customersync.distribution.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.messaging.DatabaseGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

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

    private final DataSource dataSource;
    private final ChannelRegistry registry;
    private final DistributionConfig.Pipeline settings;
    private final Deque<Conversion> recent = new ArrayDeque<>();
    private volatile Timer conversion;

    public DistributionMetrics(DataSource dataSource, ChannelRegistry registry, DistributionConfig config) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.settings = config.pipeline();
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        DatabaseGauges gauges = new DatabaseGauges(dataSource, meters);
        for (String channelId : registry.channelIds()) {
            gauges.count("customersync.deliveries.pending", "deliveries waiting for a channel database",
                    Tags.of("channel", channelId), DeliveryQueue.COUNT_WAITING, channelId);
            gauges.count("customersync.deliveries.failed", "deliveries parked as FAILED until ops retry",
                    Tags.of("channel", channelId), DeliveryQueue.COUNT_PARKED, channelId);
        }
        conversion = Timer.builder("customersync.conversion")
                .description("from a customer's creation at its channel to its account number in that channel's database")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
                .distributionStatisticExpiry(settings.conversionWindow()).register(meters);
    }

    public void recordConversion(CustomerSynchronized event, Instant createdAt, Instant committedAt) {
        Duration latency = Duration.between(createdAt, committedAt);
        if (latency.isNegative()) {
            return;
        }
        if (conversion != null) {
            conversion.record(latency);
        }
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

    /** Conversion latency over the recent window: count, p50, p99 and max in milliseconds (NaN: none yet). */
    public Map<String, Double> conversionLatency() {
        Map<String, Double> latency = new LinkedHashMap<>();
        if (conversion == null) {
            return latency;
        }
        HistogramSnapshot snapshot = conversion.takeSnapshot();
        latency.put("totalCount", (double) snapshot.count());
        for (ValueAtPercentile p : snapshot.percentileValues()) {
            latency.put(p.percentile() == 0.5 ? "p50Millis" : "p99Millis", p.value(TimeUnit.MILLISECONDS));
        }
        latency.put("maxMillis", snapshot.max(TimeUnit.MILLISECONDS));
        latency.put("windowMinutes", (double) settings.conversionWindow().toMinutes());
        return latency;
    }
}
