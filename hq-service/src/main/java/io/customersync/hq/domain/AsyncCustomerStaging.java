package io.customersync.hq.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.customersync.messaging.PoisonEventException;

/**
 * An async customer as uploaded by a channel, waiting for (or done with) synchronization. One row of
 * {@code async_customer_staging} per customer, ever, read and saved by {@link StagedCustomers}.
 */
public class AsyncCustomerStaging {

    public UUID customerId;

    public String channelId;

    public String asyncCustomerNumber;

    /** The uploaded CustomerCreated event, as JSON. */
    public String payload;

    public StagingStatus status;

    public String accountNumber;

    public String lastError;

    public UUID uploadEventId;

    public Instant receivedAt;

    public Instant syncedAt;

    /** Set while a possible duplicate waits for an ops decision (HOLD policy). */
    public String heldReason;

    /** The customer as uploaded (and edited since). */
    public CustomerCreated upload() {
        return payloadOf(customerId, payload);
    }

    /** Replaces what will be synced (an edit at the channel or by ops). */
    public void restage(CustomerCreated upload) {
        payload = new String(EventJson.write(upload), StandardCharsets.UTF_8);
    }

    static CustomerCreated payloadOf(UUID customerId, String payload) {
        try {
            return EventJson.read(payload.getBytes(StandardCharsets.UTF_8), CustomerCreated.class);
        } catch (IOException e) {
            throw new PoisonEventException("staged customer " + customerId + " has an unreadable payload", e);
        }
    }
}
