package io.customersync.hq.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.customersync.messaging.PoisonEventException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An async customer as uploaded by a channel, waiting for (or done with) synchronization. One row per customer, ever. */
@Entity
@Table(name = "async_customer_staging")
public class AsyncCustomerStaging extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "async_customer_number")
    public String asyncCustomerNumber;

    /** The uploaded CustomerCreated event, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Enumerated(EnumType.STRING)
    public StagingStatus status;

    @Column(name = "account_number")
    public String accountNumber;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "upload_event_id")
    public UUID uploadEventId;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "synced_at")
    public Instant syncedAt;

    /** Set while a possible duplicate waits for an ops decision (HOLD policy). */
    @Column(name = "held_reason")
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
