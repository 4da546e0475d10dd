package io.customersync.hq.metrics;

import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.hq.domain.StagedCustomers;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.messaging.DatabaseGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/** HQ at /q/metrics: staged async customers by status, and the sync events not published yet. */
@Singleton
public class HqMetrics implements MeterBinder {

    private final DataSource dataSource;

    public HqMetrics(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        DatabaseGauges gauges = new DatabaseGauges(dataSource, registry).outboxBacklog();
        for (StagingStatus status : StagingStatus.values()) {
            gauges.count("customersync.staging", "staged async customers by status", Tags.of("status", status.name()),
                    StagedCustomers.COUNT_IN_STATUS, status.name());
        }
    }
}
