package io.customersync.distribution.jobs;

import java.time.Duration;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.messaging.DatabaseGauges;
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

    private final DataSource dataSource;
    private final ChannelRegistry registry;
    private volatile Timer conversion;

    public DistributionMetrics(DataSource dataSource, ChannelRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        DatabaseGauges gauges = new DatabaseGauges(dataSource, meters);
        for (String channelId : registry.channelIds()) {
            gauges.count("customersync.deliveries.pending", "deliveries waiting for a channel database",
                    Tags.of("channel", channelId), """
                            select count(*) from pending_delivery
                            where channel_id = ? and delivered_at is null and failed_at is null""", channelId);
            gauges.count("customersync.deliveries.failed", "deliveries parked as FAILED until ops retry",
                    Tags.of("channel", channelId), """
                            select count(*) from pending_delivery
                            where channel_id = ? and delivered_at is null and failed_at is not null""", channelId);
        }
        conversion = Timer.builder("customersync.conversion")
                .description("from a customer's creation at its channel to its account number in that channel's database")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(meters);
    }

    void recordConversion(Duration latency) {
        if (conversion != null && !latency.isNegative()) {
            conversion.record(latency);
        }
    }
}
