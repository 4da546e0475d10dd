package io.customersync.hq.messaging;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.AsyncCustomerSynchronizer;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.IncomingEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Consumes the channels' uploads: each poll's events are staged and synchronized in one HQ
 * transaction, continuously, so an async customer has its account number moments after the till
 * saved it.
 */
@Singleton
public class CustomerUploadConsumer {

    private static final String NAME = "customer-upload-consumer";

    private final AsyncCustomerSynchronizer synchronizer;
    private final ProcessedEvents processed;
    private final EventConsumerRunner runner;

    public CustomerUploadConsumer(AsyncCustomerSynchronizer synchronizer, ProcessedEvents processed,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, Config config) {
        this.synchronizer = synchronizer;
        this.processed = processed;
        this.runner = new EventConsumerRunner(kafka, config, "hq.upload-consumer", NAME, Topics.CUSTOMER_UPLOADS,
                this::apply);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    void apply(List<IncomingEvent> events) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (IncomingEvent event : events) {
                if (processed.firstDelivery(event.id(), NAME)) {
                    AsyncCustomerStaging row = synchronizer.stage(event.payloadAs(CustomerCreated.class), event.id());
                    synchronizer.synchronize(row);
                }
            }
        });
    }
}
