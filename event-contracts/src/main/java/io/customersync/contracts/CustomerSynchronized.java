package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * HQ turned an async customer into a customer with an account number, or a synced customer
 * changed (edit, new address). Published by hq-service's outbox, keyed by {@code customerId};
 * distribution-service delivers it into the originating channel's database and copies the customer
 * ({@code customer}, optional: added compatibly in v1) into the other channels of its address book.
 * {@code replacesAccountNumber} (optional, added compatibly in v1) is set when ops merged a customer
 * that had its own account into another account: the origin's customer with that account number
 * takes the new one.
 */
public record CustomerSynchronized(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        String accountNumber,
        List<SyncedAddress> addresses,
        Instant syncedAt,
        CustomerSnapshot customer,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replacesAccountNumber) {

    public CustomerSynchronized(UUID customerId, String originChannelId, String asyncCustomerNumber, String accountNumber,
            List<SyncedAddress> addresses, Instant syncedAt, CustomerSnapshot customer) {
        this(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses, syncedAt, customer, null);
    }

    public CustomerSynchronized {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.text(accountNumber, "accountNumber");
        Require.present(syncedAt, "syncedAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
