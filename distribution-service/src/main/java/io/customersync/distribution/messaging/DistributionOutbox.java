package io.customersync.distribution.messaging;

import java.sql.Connection;
import java.sql.SQLException;

import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.EventType;
import io.customersync.messaging.OutboxEvents;

/** Distribution's outbox: one CustomersDistributed event per applied download session, keyed by channel. */
public final class DistributionOutbox {

    /** NOTIFY channel that wakes the relay when a download session commits. */
    static final String NOTIFY_CHANNEL = "distribution_outbox";
    private static final String SOURCE = "/distribution";
    private static final OutboxEvents EVENTS = new OutboxEvents(NOTIFY_CHANNEL);

    private DistributionOutbox() {
    }

    /** Appends the event inside the caller's open transaction on the distribution database. */
    public static void customersDistributed(Connection db, CustomersDistributed event) throws SQLException {
        EVENTS.append(db, EventType.CUSTOMERS_DISTRIBUTED, event.channelId(), SOURCE, event);
    }
}
