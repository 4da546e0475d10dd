package io.customersync.hq.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
import io.customersync.hq.domain.CustomerDataKeys;
import io.customersync.hq.domain.HqDatabase;
import io.customersync.messaging.OutboxEvents;

/**
 * HQ's outbox: sync events (numbered, refused, held) for distribution, keyed by customer. The customer
 * snapshot of a {@link CustomerSynchronized} is sealed here with a data key of the customer HQ holds (made
 * in this transaction if it has none; decision 0014): neither the outbox nor the topic holds it readable.
 * Refusals, holds and erasures carry ids, reasons and field names only, and stay readable.
 */
@ApplicationScoped
public class HqOutbox {

    /** NOTIFY channel that wakes the relay when a sync event commits. */
    static final String NOTIFY_CHANNEL = "hq_outbox";
    static final String SOURCE = "/hq";

    private final OutboxEvents events = new OutboxEvents(NOTIFY_CHANNEL);
    private final CustomerDataKeys keys;
    private final HqDatabase database;

    public HqOutbox(CustomerDataKeys keys, HqDatabase database) {
        this.keys = keys;
        this.database = database;
    }

    /** A sync event, in the caller's transaction. */
    public void customerSynchronized(CustomerSynchronized event) {
        customersSynchronized(List.of(event));
    }

    /** Sync events, in the caller's transaction, in their order, with one statement. */
    public void customersSynchronized(List<CustomerSynchronized> synced) {
        database.call("append sync events", db -> {
            customersSynchronized(db, synced);
            return null;
        });
    }

    /** HQ refused or holds an async customer: the channel learns it (names of fields only, never values). */
    public void customerNotSynchronized(CustomerNotSynchronized event) {
        database.call("append a refusal", db -> events.append(db, EventType.CUSTOMER_NOT_SYNCHRONIZED,
                event.customerId().toString(), SOURCE, event));
    }

    /**
     * A customer's personal data was erased: every stored event of the customer goes (their payloads
     * carry its data; unsent ones are superseded) and the erasure event takes their place.
     */
    public void customerErased(CustomerErased event) {
        database.call("append an erasure", db -> {
            events.purge(db, event.customerId().toString());
            return events.append(db, EventType.CUSTOMER_ERASED, event.customerId().toString(), SOURCE, event);
        });
    }

    /** Many sync events in one statement on the caller's connection, in their order. */
    public void customersSynchronized(Connection db, List<CustomerSynchronized> synced) throws SQLException {
        if (synced.isEmpty()) {
            return;
        }
        Map<UUID, DataKey> keyOf = keys.sealingKeys(db, synced.stream().map(CustomerSynchronized::customerId).toList());
        events.appendAll(db, SOURCE, synced.stream().map(event -> new OutboxEvents.Event(EventType.CUSTOMER_SYNCHRONIZED,
                event.customerId().toString(), SealedEvents.seal(EventType.CUSTOMER_SYNCHRONIZED, event,
                        keyOf.get(event.customerId())))).toList());
    }
}
