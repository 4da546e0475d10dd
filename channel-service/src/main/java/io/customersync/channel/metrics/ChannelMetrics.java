package io.customersync.channel.metrics;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.channel.domain.Customers;
import io.customersync.channel.domain.CustomerStatus;
import io.customersync.messaging.DatabaseGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The channel's backlog at /q/metrics: the P-job's unsent uploads and the customers still async. */
@Singleton
public class ChannelMetrics implements MeterBinder {

    private final DataSource dataSource;

    public ChannelMetrics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        new DatabaseGauges(dataSource, registry).outboxBacklog()
                .count("customersync.customers", "customers in the channel database by status", Tags.of("status", "ASYNC"),
                        Customers.COUNT_BY_STATUS, CustomerStatus.ASYNC.name())
                // how long the oldest has waited, whether or not any other converts (a stall shows here at once)
                .count("customersync.customer.oldest.async.seconds", "seconds the oldest ASYNC customer has waited for "
                        + "its account number (0: none waits)", Tags.empty(), Customers.OLDEST_ASYNC_SECONDS, null);
    }
}
