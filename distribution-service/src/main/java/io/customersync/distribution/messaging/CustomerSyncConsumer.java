package io.customersync.distribution.messaging;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.Config;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.IncomingEvent;
import io.customersync.messaging.PoisonEventException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Takes HQ's sync events off Kafka into the durable per-channel delivery queue (one transaction per
 * poll): one delivery for the customer's own channel and one for each channel of its address book,
 * and wakes their delivery workers. Queueing, not delivering, here keeps one
 * channel's outage from holding up the topic for every other channel.
 */
@Singleton
public class CustomerSyncConsumer {

    /** NOTIFY channel whose payload is the channel id that has new deliveries. */
    public static final String NOTIFY_CHANNEL = "distribution_pending";

    private final EntityManager em;
    private final ChannelRegistry registry;
    private final EventConsumerRunner runner;

    public CustomerSyncConsumer(EntityManager em, ChannelRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, Config config) {
        this.em = em;
        this.registry = registry;
        this.runner = new EventConsumerRunner(kafka, config, "distribution-consumer", "customer-sync-consumer",
                Topics.CUSTOMER_SYNC, this::queue);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    void queue(List<IncomingEvent> events) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (IncomingEvent event : events) {
                CustomerSynchronized synced = event.payloadAs(CustomerSynchronized.class);
                String channelId = synced.originChannelId();
                if (registry.database(channelId).isEmpty()) {
                    throw new PoisonEventException("channel " + channelId + " is not in the channel registry");
                }
                String payload = new String(EventJson.write(synced), StandardCharsets.UTF_8);
                for (String target : registry.targetsOf(channelId)) {
                    em.createNativeQuery("""
                            insert into pending_delivery (channel_id, event_id, customer_id, payload)
                            values (?1, ?2, ?3, cast(?4 as jsonb))
                            on conflict (channel_id, event_id) do nothing""")
                            .setParameter(1, target)
                            .setParameter(2, event.id())
                            .setParameter(3, synced.customerId())
                            .setParameter(4, payload)
                            .executeUpdate();
                    em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, NOTIFY_CHANNEL)
                            .setParameter(2, target).getSingleResult();
                }
            }
        });
    }
}
