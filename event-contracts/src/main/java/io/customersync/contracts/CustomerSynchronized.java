package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * HQ turned an async customer into a customer with an account number, or a synced customer
 * changed (edit, new address). Published by hq-service's outbox, keyed by {@code customerId};
 * distribution-service delivers it into the originating channel's database and copies the customer
 * ({@code customer}, optional: added compatibly in v1) into the other channels of its address book.
 * {@code replacesAccountNumber} (optional, added compatibly in v1) is set when ops merged a customer
 * that had its own account into another account: the origin's customer with that account number
 * takes the new one. {@code version} (optional, added compatibly in v1) is the master customer's version
 * at HQ (1 when numbered, one more at each change): a channel database keeps the newest it was given
 * and an older one never replaces it (docs/versions.md); absent in older records, ordered by
 * {@code syncedAt} as before. On the topic {@code customer} (names, e-mail, phone, attributes,
 * addresses) travels sealed ({@code sealed}, {@link SealedEvents}) with a data key of the customer HQ
 * holds; then it is absent here until the record is opened with that key (docs/privacy.md).
 * {@code joined} (optional, added compatibly in v1, since 2026-12-06) is true when the customer joined another
 * customer's account (HQ linked it, or ops merged it into that account): the announcement carries that account's
 * customer and version, for the rows there are of this customer (its store's row takes the account's number and
 * data; its copies are refreshed, none is placed where there is none), so that every row of one person shows the
 * same (docs/versions.md).
 */
public record CustomerSynchronized(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        String accountNumber,
        List<SyncedAddress> addresses,
        Instant syncedAt,
        CustomerSnapshot customer,
        @JsonInclude(JsonInclude.Include.NON_NULL) String replacesAccountNumber,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long version,
        @JsonInclude(JsonInclude.Include.NON_NULL) SealedPart sealed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean joined) implements SealableEvent {

    public CustomerSynchronized(UUID customerId, String originChannelId, String asyncCustomerNumber, String accountNumber,
            List<SyncedAddress> addresses, Instant syncedAt, CustomerSnapshot customer) {
        this(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses, syncedAt, customer, null, null,
                null, null);
    }

    public CustomerSynchronized(UUID customerId, String originChannelId, String asyncCustomerNumber, String accountNumber,
            List<SyncedAddress> addresses, Instant syncedAt, CustomerSnapshot customer, String replacesAccountNumber) {
        this(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses, syncedAt, customer,
                replacesAccountNumber, null, null, null);
    }

    public CustomerSynchronized(UUID customerId, String originChannelId, String asyncCustomerNumber, String accountNumber,
            List<SyncedAddress> addresses, Instant syncedAt, CustomerSnapshot customer, String replacesAccountNumber,
            Long version) {
        this(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses, syncedAt, customer,
                replacesAccountNumber, version, null, null);
    }

    public CustomerSynchronized(UUID customerId, String originChannelId, String asyncCustomerNumber, String accountNumber,
            List<SyncedAddress> addresses, Instant syncedAt, CustomerSnapshot customer, String replacesAccountNumber,
            Long version, SealedPart sealed) {
        this(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses, syncedAt, customer,
                replacesAccountNumber, version, sealed, null);
    }

    public CustomerSynchronized {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.text(accountNumber, "accountNumber");
        Require.present(syncedAt, "syncedAt");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
    }

    /** The same announcement with HQ's version of the customer. */
    public CustomerSynchronized withVersion(long newVersion) {
        return new CustomerSynchronized(customerId, originChannelId, asyncCustomerNumber, accountNumber, addresses,
                syncedAt, customer, replacesAccountNumber, newVersion, sealed, joined);
    }

    /** Whether the customer joined another customer's account ({@code joined}). */
    @JsonIgnore
    public boolean joinedAccount() {
        return Boolean.TRUE.equals(joined);
    }

    /** The channel the customer was created at ({@link SealableEvent}). */
    @JsonIgnore
    @Override
    public String channelId() {
        return originChannelId;
    }
}
