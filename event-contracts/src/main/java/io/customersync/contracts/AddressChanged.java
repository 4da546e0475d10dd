package io.customersync.contracts;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A channel changed one of its customer's addresses (a customer who moved): the whole address after the change, under
 * the id it was added with. Only the store that holds the customer as its own changes its addresses, so one store's
 * uploads, ordered by the key {@code customerId}, are the only writers HQ has to follow. On the topic the address
 * travels sealed ({@code sealed}, {@link SealedEvents}).
 */
public record AddressChanged(UUID customerId, String channelId, AsyncAddress address, Instant changedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedPart sealed) implements SealableEvent {

    public AddressChanged(UUID customerId, String channelId, AsyncAddress address, Instant changedAt) {
        this(customerId, channelId, address, changedAt, null);
    }

    public AddressChanged {
        Require.present(customerId, "customerId");
        Require.text(channelId, "channelId");
        if (sealed == null) {
            Require.present(address, "address");
        }
        Require.present(changedAt, "changedAt");
    }
}
