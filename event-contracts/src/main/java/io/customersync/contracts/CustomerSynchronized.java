package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * HQ turned an async customer into a customer with an account number. Published by hq-service's
 * outbox, keyed by {@code customerId}; distribution-service delivers it into the channel databases.
 */
public record CustomerSynchronized(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        String accountNumber,
        List<SyncedAddress> addresses,
        Instant syncedAt) {

    public CustomerSynchronized {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.text(accountNumber, "accountNumber");
        Require.present(syncedAt, "syncedAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
