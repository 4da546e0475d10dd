package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** The owner of {@code processed_event}: remembers applied event ids per consumer, in the same transaction as their effects. */
@ApplicationScoped
public class ProcessedEvents {

    private final HqDatabase database;

    public ProcessedEvents(HqDatabase database) {
        this.database = database;
    }

    /** @return true the first time this consumer sees the event, false for a redelivery */
    public boolean firstDelivery(UUID eventId, String consumer) {
        return database.update("insert into processed_event (event_id, consumer) values (?, ?) on conflict do nothing",
                eventId, consumer) == 1;
    }
}
