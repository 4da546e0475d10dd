package io.customersync.distribution.domain;

import java.util.UUID;

import io.customersync.contracts.EventType;

/**
 * An event to deliver to one channel: its type, and its payload as the JSON text the event was written as (null
 * for a sync event until it is queued: one written straight into the channel needs none).
 */
public record NewDelivery(String channelId, EventType type, UUID eventId, UUID customerId, String payload) {
}
