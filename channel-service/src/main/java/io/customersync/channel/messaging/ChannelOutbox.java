package io.customersync.channel.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.messaging.OutboxEvents;

/**
 * The channel database's outbox: everything the P-job uploads to HQ, keyed by customer so HQ sees
 * a customer's creation, edits, addresses and transactions in the order they happened.
 */
@ApplicationScoped
public class ChannelOutbox {

    /** NOTIFY channel that wakes the P-job when an upload commits. */
    static final String NOTIFY_CHANNEL = "channel_outbox";

    private final OutboxEvents events = new OutboxEvents(NOTIFY_CHANNEL);

    public void customerCreated(EntityManager em, CustomerCreated event) {
        append(em, EventType.CUSTOMER_CREATED, event.customerId(), event.channelId(), event);
    }

    public void customerUpdated(EntityManager em, CustomerUpdated event) {
        append(em, EventType.CUSTOMER_UPDATED, event.customerId(), event.channelId(), event);
    }

    public void addressAdded(EntityManager em, AddressAdded event) {
        append(em, EventType.ADDRESS_ADDED, event.customerId(), event.channelId(), event);
    }

    public void transactionRecorded(EntityManager em, TransactionRecorded event) {
        append(em, EventType.TRANSACTION_RECORDED, event.customerId(), event.channelId(), event);
    }

    private void append(EntityManager em, EventType type, java.util.UUID customerId, String channelId, Object event) {
        events.append(em, type, customerId.toString(), "/channels/" + channelId, event);
    }
}
