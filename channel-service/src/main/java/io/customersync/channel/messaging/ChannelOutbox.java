package io.customersync.channel.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventType;
import io.customersync.messaging.OutboxEvents;

/** The channel database's outbox: what the P-job uploads to HQ, keyed by customer so HQ sees it in order. */
@ApplicationScoped
public class ChannelOutbox {

    /** NOTIFY channel that wakes the P-job when an upload commits. */
    static final String NOTIFY_CHANNEL = "channel_outbox";

    private final OutboxEvents events = new OutboxEvents(NOTIFY_CHANNEL);

    public void customerCreated(EntityManager em, CustomerCreated event) {
        events.append(em, EventType.CUSTOMER_CREATED, event.customerId().toString(), source(event.channelId()), event);
    }

    static String source(String channelId) {
        return "/channels/" + channelId;
    }
}
