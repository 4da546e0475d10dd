package io.customersync.distribution.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;

/**
 * A delivery that is due now, with the attempts made so far: an account number ({@code event}), for
 * the origin channel only HQ's refusal or hold ({@code notSynced}), or an erasure ({@code erased},
 * docs/privacy.md); exactly one is set.
 */
public record DueDelivery(long id, UUID eventId, int attempts, CustomerSynchronized event,
        CustomerNotSynchronized notSynced, CustomerErased erased) {

    /** The delivery of a queued row: its event read from the payload as its type says. */
    static DueDelivery queued(long id, UUID eventId, int attempts, EventType type, String payload) throws IOException {
        byte[] json = payload.getBytes(StandardCharsets.UTF_8);
        return new DueDelivery(id, eventId, attempts,
                type == EventType.CUSTOMER_SYNCHRONIZED ? EventJson.read(json, CustomerSynchronized.class) : null,
                type == EventType.CUSTOMER_NOT_SYNCHRONIZED ? EventJson.read(json, CustomerNotSynchronized.class) : null,
                type == EventType.CUSTOMER_ERASED ? EventJson.read(json, CustomerErased.class) : null);
    }
}
