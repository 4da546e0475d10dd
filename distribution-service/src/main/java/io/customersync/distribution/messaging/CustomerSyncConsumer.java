package io.customersync.distribution.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.config.MessagingConfig;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.DeliveryQueue.NewDelivery;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.customersync.messaging.IncomingEvent;
import io.customersync.messaging.PoisonEventException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Takes HQ's sync events off Kafka into the durable per-channel delivery queue (one statement and
 * one transaction per poll): one delivery for the customer's own channel and one for each channel of its address book,
 * and wakes their delivery workers. Queueing, not delivering, here keeps one
 * channel's outage from holding up the topic for every other channel.
 */
@Singleton
public class CustomerSyncConsumer {

    /** NOTIFY channel whose payload is the channel id that has new deliveries. */
    public static final String NOTIFY_CHANNEL = DeliveryQueue.NOTIFY_CHANNEL;

    private final DeliveryQueue deliveryQueue;
    private final ChannelRegistry registry;
    private final EventConsumerRunner runner;

    public CustomerSyncConsumer(DeliveryQueue queue, ChannelRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MessagingConfig.SyncConsumer settings, PipelineConfig.Topics topics, Workers workers) {
        this.deliveryQueue = queue;
        this.registry = registry;
        this.runner = new EventConsumerRunner(kafka, topics, settings, "customer-sync-consumer",
                Topics.CUSTOMER_SYNC, this::queue, workers);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    void queue(List<IncomingEvent> events) {
        List<NewDelivery> deliveries = new ArrayList<>();
        for (IncomingEvent event : events) {
            CustomerSynchronized synced = event.payloadAs(CustomerSynchronized.class);
            String channelId = synced.originChannelId();
            if (registry.database(channelId).isEmpty()) {
                throw new PoisonEventException("channel " + channelId + " is not in the channel registry");
            }
            String payload = new String(EventJson.write(synced), StandardCharsets.UTF_8);
            for (String target : registry.targetsOf(channelId)) {
                deliveries.add(new NewDelivery(target, event.id(), synced.customerId(), payload));
            }
        }
        QuarkusTransaction.requiringNew().run(() -> deliveryQueue.enqueue(deliveries));
    }
}
