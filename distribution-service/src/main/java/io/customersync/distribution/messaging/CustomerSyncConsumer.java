package io.customersync.distribution.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.config.MessagingConfig;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.jobs.StraightDelivery;
import io.customersync.distribution.domain.NewDelivery;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.EventConsumerRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.customersync.messaging.IncomingEvent;
import io.customersync.messaging.PoisonEventException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Takes HQ's sync events off Kafka into the durable per-channel delivery queue (one statement and
 * one transaction per poll): one delivery for the customer's own channel and one for each channel of its address book
 * (a refusal or hold, CustomerNotSynchronized, for its own channel only; an erasure, CustomerErased, for
 * all of them, after which the customer's other deliveries are blanked and nothing older is queued),
 * and wakes their delivery workers. Targets are computed over the whole registry; only the channels
 * this deployment owns are queued here (an event none of whose targets it owns is skipped and counted,
 * never dead-lettered: another deployment delivers it). Queueing, not delivering, here keeps one
 * channel's outage from holding up the topic for every other channel; a poll for a few channels whose
 * queues are empty is written into them at once instead ({@link StraightDelivery}). A sealed CustomerSynchronized is
 * opened first with its customer's data key from HQ ({@link SyncDataKeys}): while HQ has no key for it (or
 * cannot be asked) the poll is retried, never dead-lettered; one of an erased customer is dropped. The
 * queue holds the opened payload (docs/privacy.md), blanked by the customer's erasure like any other.
 */
@Singleton
public class CustomerSyncConsumer {

    /** NOTIFY channel whose payload is the channel id that has new deliveries. */
    public static final String NOTIFY_CHANNEL = DeliveryQueue.NOTIFY_CHANNEL;

    private static final Logger LOG = Logger.getLogger(CustomerSyncConsumer.class);

    private final DataSource queueDatabase;
    private final ChannelRegistry registry;
    private final EventConsumerRunner runner;
    private final DistributionMetrics metrics;
    private final SyncDataKeys keys;
    private final StraightDelivery straight;

    public CustomerSyncConsumer(DataSource queueDatabase, ChannelRegistry registry, DistributionMetrics metrics,
            SyncDataKeys keys, StraightDelivery straight, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MessagingConfig.SyncConsumer settings, PipelineConfig.Topics topics, Workers workers) {
        this.queueDatabase = queueDatabase;
        this.registry = registry;
        this.metrics = metrics;
        this.keys = keys;
        this.straight = straight;
        this.runner = new EventConsumerRunner(kafka, topics, settings, "customer-sync-consumer",
                Topics.CUSTOMER_SYNC, this::queue, workers);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }

    void queue(List<IncomingEvent> events) throws SQLException {
        List<NewDelivery> deliveries = new ArrayList<>();
        List<UUID> erased = new ArrayList<>();
        Map<UUID, CustomerSynchronized> openedEvents = new HashMap<>();
        // an erasure in this poll: its customer's keys are forgotten before any record is opened, so that HQ is
        // asked and says so (HQ announces an erasure only once its keys are gone: none comes back into the cache)
        keys.forget(events.stream().filter(e -> e.type() == EventType.CUSTOMER_ERASED)
                .map(e -> e.payloadAs(CustomerErased.class).customerId()).toList());
        SyncDataKeys.Opener opener = keys.opener(events.stream().filter(e -> e.type() == EventType.CUSTOMER_SYNCHRONIZED)
                .map(e -> e.payloadAs(CustomerSynchronized.class)).toList());
        for (IncomingEvent event : events) {
            int queued = deliveries.size();
            if (event.type() == EventType.CUSTOMER_ERASED) {
                // an erasure goes where the customer went: its own channel and every copy, retired ones too (docs/privacy.md)
                CustomerErased erasure = event.payloadAs(CustomerErased.class);
                String payload = new String(EventJson.write(erasure), StandardCharsets.UTF_8);
                for (String target : registry.erasureTargetsOf(registered(erasure.originChannelId()))) {
                    if (registry.deliversErasuresTo(target)) {
                        deliveries.add(new NewDelivery(target, event.type(), event.id(), erasure.customerId(), payload));
                    }
                }
                erased.add(erasure.customerId());
            } else if (event.type() == EventType.CUSTOMER_NOT_SYNCHRONIZED) {
                // a refusal or hold is news for the customer's own channel only: copies are of numbered customers
                CustomerNotSynchronized notSynced = event.payloadAs(CustomerNotSynchronized.class);
                String channelId = registered(notSynced.originChannelId());
                if (registry.owns(channelId)) {
                    deliveries.add(new NewDelivery(channelId, event.type(), event.id(), notSynced.customerId(),
                            new String(EventJson.write(notSynced), StandardCharsets.UTF_8)));
                }
            } else {
                Optional<CustomerSynchronized> opened = opener.open(event.payloadAs(CustomerSynchronized.class));
                if (opened.isEmpty()) {
                    LOG.infof("%s %s of erased customer %s dropped: its data key is destroyed", event.type().ceType(),
                            event.id(), event.key());
                    continue;
                }
                CustomerSynchronized synced = opened.get();
                openedEvents.put(event.id(), synced);
                String channelId = registered(synced.originChannelId());
                for (String target : registry.targetsOf(channelId)) {
                    if (registry.owns(target)) {
                        // its payload is written only if it is queued
                        deliveries.add(new NewDelivery(target, event.type(), event.id(), synced.customerId(), null));
                    }
                }
            }
            if (deliveries.size() == queued) {
                // every target is another deployment's (or retired): theirs to deliver, nothing to do here
                metrics.eventSkipped();
            }
        }
        // a poll with an erasure is queued whole: the erasure settles what it supersedes in the same transaction
        List<NewDelivery> left = erased.isEmpty() ? straight.deliver(deliveries, openedEvents) : deliveries;
        Map<UUID, String> payloads = new HashMap<>();
        List<NewDelivery> toQueue = left.stream().map(d -> d.payload() != null ? d
                : new NewDelivery(d.channelId(), d.type(), d.eventId(), d.customerId(), payloads.computeIfAbsent(
                        d.eventId(), id -> new String(EventJson.write(openedEvents.get(id)), StandardCharsets.UTF_8))))
                .toList();
        if (!toQueue.isEmpty() || !erased.isEmpty()) {
            try (Connection db = queueDatabase.getConnection()) {
                db.setAutoCommit(false);
                try {
                    DeliveryQueue.enqueue(db, toQueue);
                    DeliveryQueue.forgetErased(db, erased);
                    db.commit();
                } catch (SQLException | RuntimeException e) {
                    db.rollback();
                    throw e;
                }
            }
        }
    }

    /** The channel, if the registry knows it (read again once before an event is called poison). */
    private String registered(String channelId) {
        if (registry.registered(channelId).isEmpty()) {
            registry.reload();
            if (registry.registered(channelId).isEmpty()) {
                throw new PoisonEventException("channel " + channelId + " is not in the channel registry");
            }
        }
        return channelId;
    }
}
