package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A channel created an async customer. Published by the channel's P-job, keyed by {@code customerId}. */
public record CustomerCreated(
        UUID customerId,
        String channelId,
        String asyncCustomerNumber,
        String firstName,
        String lastName,
        String email,
        String phone,
        List<AsyncAddress> addresses,
        Map<String, String> attributes,
        Instant createdAt) {

    public CustomerCreated {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.present(createdAt, "createdAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
