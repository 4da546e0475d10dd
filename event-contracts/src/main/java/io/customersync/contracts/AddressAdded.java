package io.customersync.contracts;

import java.time.Instant;
import java.util.UUID;

/** A channel added an async address to a customer (async or synced). Keyed by {@code customerId}. */
public record AddressAdded(UUID customerId, String channelId, AsyncAddress address, Instant addedAt) {

    public AddressAdded {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        Require.present(address, "address");
        Require.present(addedAt, "addedAt");
    }
}
