package io.customersync.distribution.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One event to deliver into one channel database, with its delivery state; its statements are {@link DeliveryQueue}'s. */
@Entity
@Table(name = "pending_delivery")
public class PendingDelivery extends PanacheEntityBase {

    @Id
    public Long id;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "customer_id")
    public UUID customerId;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
}
