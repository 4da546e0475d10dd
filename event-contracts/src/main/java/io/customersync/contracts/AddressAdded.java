package io.customersync.contracts;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel added an async address to a customer (async or synced). Keyed by {@code customerId}. On
 * the topic the address travels sealed ({@code sealed}, {@link SealedEvents}).
 */
public record AddressAdded(UUID customerId, String channelId, AsyncAddress address, Instant addedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedPart sealed) implements SealableEvent {

    public AddressAdded(UUID customerId, String channelId, AsyncAddress address, Instant addedAt) {
        this(customerId, channelId, address, addedAt, null);
    }

    public AddressAdded {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        if (sealed == null) {
            Require.present(address, "address");
        }
        Require.present(addedAt, "addedAt");
    }
}
