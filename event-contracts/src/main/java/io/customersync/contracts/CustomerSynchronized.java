package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * HQ turned an async customer into a customer with an account number, or a synced customer
 * changed (edit, new address). Published by hq-service's outbox, keyed by {@code customerId};
 * distribution-service delivers it into the originating channel's database and copies the customer
 * ({@code customer}, optional: added compatibly in v1) into the other channels of its address book.
 */
public record CustomerSynchronized(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        String accountNumber,
        List<SyncedAddress> addresses,
        Instant syncedAt,
        CustomerSnapshot customer) {

    public CustomerSynchronized {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.text(accountNumber, "accountNumber");
        Require.present(syncedAt, "syncedAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
