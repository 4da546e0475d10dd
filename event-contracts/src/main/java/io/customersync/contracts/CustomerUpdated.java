package io.customersync.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A channel edited a customer (async or synced). Carries the customer's editable fields as they are
 * after the edit, so applying it twice, or after a later edit was lost, is harmless. Keyed by
 * {@code customerId}, after the customer's {@link CustomerCreated}.
 */
public record CustomerUpdated(
        UUID customerId,
        String channelId,
        String firstName,
        String lastName,
        String email,
        String phone,
        Map<String, String> attributes,
        Instant updatedAt) {

    public CustomerUpdated {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        Require.text(firstName, "firstName");
        Require.text(lastName, "lastName");
        Require.present(updatedAt, "updatedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
