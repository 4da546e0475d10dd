package io.customersync.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A channel removed one of its customer's addresses (since 2026-12-06): ids only, so it travels readable. The address
 * stays where it is, marked removed ({@link AsyncAddress#removed}), at HQ and in every store: sales and orders name
 * it. Keyed by {@code customerId}, after the customer's other uploads.
 */
public record AddressRemoved(UUID customerId, String channelId, UUID asyncAddressId, Instant removedAt) {

    public AddressRemoved {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        Require.present(asyncAddressId, "asyncAddressId");
        Require.present(removedAt, "removedAt");
    }
}
