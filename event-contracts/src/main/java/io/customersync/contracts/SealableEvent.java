package io.customersync.contracts;

import java.util.UUID;

/**
 * An event whose personal fields ({@link EventType#personalFields()}) may travel sealed
 * ({@link SealedEvents}): then {@link #sealed()} holds them and they are absent from the record.
 */
public interface SealableEvent {

    UUID customerId();

    String channelId();

    /** The sealed personal fields, or null for a plaintext record (older producers; docs/events.md). */
    SealedPart sealed();
}
