package io.customersync.distribution.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.config.MessagingConfig;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.PipelineConfig;
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
    public static final String NOTIFY_CHANNEL = "distribution_pending";

    private final EntityManager em;
    private final ChannelRegistry registry;
    private final EventConsumerRunner runner;

    public CustomerSyncConsumer(EntityManager em, ChannelRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MessagingConfig.SyncConsumer settings, PipelineConfig.Topics topics) {
        this.em = em;
        this.registry = registry;
        this.runner = new EventConsumerRunner(kafka, topics, settings, "customer-sync-consumer",
                Topics.CUSTOMER_SYNC, this::queue);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    void queue(List<IncomingEvent> events) {
        List<String> targets = new ArrayList<>();
        List<UUID> eventIds = new ArrayList<>();
        List<UUID> customerIds = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (IncomingEvent event : events) {
            CustomerSynchronized synced = event.payloadAs(CustomerSynchronized.class);
            String channelId = synced.originChannelId();
            if (registry.database(channelId).isEmpty()) {
                throw new PoisonEventException("channel " + channelId + " is not in the channel registry");
            }
            String payload = new String(EventJson.write(synced), StandardCharsets.UTF_8);
            for (String target : registry.targetsOf(channelId)) {
                targets.add(target);
                eventIds.add(event.id());
                customerIds.add(synced.customerId());
                payloads.add(payload);
            }
        }
        QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(db -> {
            try (PreparedStatement insert = db.prepareStatement("""
                    with queued as (
                        insert into pending_delivery (channel_id, event_id, customer_id, payload)
                        select channel_id, event_id, customer_id, cast(payload as json)
                        from unnest(?::text[], ?::uuid[], ?::uuid[], ?::text[]) with ordinality
                            as d(channel_id, event_id, customer_id, payload, position)
                        order by position
                        on conflict (channel_id, event_id) do nothing
                        returning channel_id)
                    select pg_notify(?, channel_id) from (select distinct channel_id from queued) as woken""")) {
                insert.setArray(1, db.createArrayOf("text", targets.toArray()));
                insert.setArray(2, db.createArrayOf("uuid", eventIds.toArray()));
                insert.setArray(3, db.createArrayOf("uuid", customerIds.toArray()));
                insert.setArray(4, db.createArrayOf("text", payloads.toArray()));
                insert.setString(5, NOTIFY_CHANNEL);
                insert.execute();
            }
        }));
    }
}
