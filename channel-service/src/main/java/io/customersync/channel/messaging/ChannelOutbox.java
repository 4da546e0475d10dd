package io.customersync.channel.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import io.customersync.channel.domain.ChannelDatabase;
import io.customersync.channel.domain.CustomerDataKeys;
import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AddressChanged;
import io.customersync.contracts.AddressRemoved;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealableEvent;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.TransactionRecorded;
import io.customersync.messaging.OutboxEvents;

/**
 * The channel database's outbox: everything the P-job uploads to HQ, keyed by customer so HQ sees
 * a customer's creation, edits, addresses and transactions in the order they happened. The personal
 * fields of creations, edits and addresses are sealed with the customer's data key here, in the
 * transaction that makes the key if the customer has none yet (decision 0014): neither the outbox
 * nor the topic holds them readable. Transactions carry ids and amounts only and stay readable.
 */
@ApplicationScoped
public class ChannelOutbox {

    /** NOTIFY channel that wakes the P-job when an upload commits. */
    static final String NOTIFY_CHANNEL = "channel_outbox";

    private final OutboxEvents events = new OutboxEvents(NOTIFY_CHANNEL);
    private final CustomerDataKeys keys;
    private final ChannelDatabase database;

    public ChannelOutbox(CustomerDataKeys keys, ChannelDatabase database) {
        this.keys = keys;
        this.database = database;
    }

    /**
     * One upload per customer, in one statement (a group commit's customers may be of several channels); those
     * in {@code madeAhead} are sealed with the key made ahead they took (decision 0018), no statement run for it.
     */
    public void customersCreated(Connection db, List<CustomerCreated> created, Map<UUID, DataKey> madeAhead)
            throws SQLException {
        Map<UUID, DataKey> keyOf = new HashMap<>(madeAhead);
        List<UUID> others = created.stream().map(CustomerCreated::customerId).filter(id -> !madeAhead.containsKey(id))
                .toList();
        if (!others.isEmpty()) {
            keyOf.putAll(keys.keysFor(db, others));
        }
        Map<String, List<OutboxEvents.Event>> byChannel = new LinkedHashMap<>();
        for (CustomerCreated event : created) {
            byChannel.computeIfAbsent(event.channelId(), c -> new ArrayList<>())
                    .add(new OutboxEvents.Event(EventType.CUSTOMER_CREATED, event.customerId().toString(),
                            SealedEvents.seal(EventType.CUSTOMER_CREATED, event, keyOf.get(event.customerId()))));
        }
        for (var channel : byChannel.entrySet()) {
            events.appendAll(db, source(channel.getKey()), channel.getValue());
        }
    }

    public void customerUpdated(CustomerUpdated event) {
        appendSealed(EventType.CUSTOMER_UPDATED, event);
    }

    public void addressAdded(AddressAdded event) {
        appendSealed(EventType.ADDRESS_ADDED, event);
    }

    public void addressChanged(AddressChanged event) {
        appendSealed(EventType.ADDRESS_CHANGED, event);
    }

    /** Ids only: travels readable. */
    public void addressRemoved(AddressRemoved event) {
        appendReadable(EventType.ADDRESS_REMOVED, event.customerId(), event.channelId(), event);
    }

    /** The event with its personal fields sealed with the customer's key (made now if it has none here). */
    private void appendSealed(EventType type, SealableEvent event) {
        database.call("append an upload", db -> {
            DataKey key = keys.keysFor(db, List.of(event.customerId())).get(event.customerId());
            return events.append(db, type, event.customerId().toString(), source(event.channelId()),
                    SealedEvents.seal(type, event, key));
        });
    }

    public void transactionRecorded(TransactionRecorded event) {
        appendReadable(EventType.TRANSACTION_RECORDED, event.customerId(), event.channelId(), event);
    }

    /** An upload without personal data, keyed by its customer. */
    private void appendReadable(EventType type, UUID customerId, String channelId, Object event) {
        database.call("append an upload", db -> events.append(db, type, customerId.toString(), source(channelId), event));
    }

    private static String source(String channelId) {
        return "/channels/" + channelId;
    }
}
