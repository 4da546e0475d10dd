package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;

/**
 * The one way HQ opens accounts: staged customers (locked by the caller's transaction) get account
 * numbers from the number sequence, become customers of the master with their addresses and match
 * keys, are marked SYNCED, and are announced. A handful of set-based statements however many
 * customers: the customer-sync job writes whole chunks, the one-by-one path (possible duplicates,
 * ops' decisions) a chunk of one.
 */
@ApplicationScoped
public class AccountWriter {

    private final AccountNumberSequence accountNumbers;
    private final DuplicatePolicy duplicates;
    private final HqOutbox outbox;

    public AccountWriter(AccountNumberSequence accountNumbers, DuplicatePolicy duplicates, HqOutbox outbox) {
        this.accountNumbers = accountNumbers;
        this.duplicates = duplicates;
        this.outbox = outbox;
    }

    /** @return the announcements, in the order of {@code uploads} */
    public List<CustomerSynchronized> openAccounts(Connection db, List<CustomerCreated> uploads) throws SQLException {
        if (uploads.isEmpty()) {
            return List.of();
        }
        Instant syncedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<String> numbers = accountNumbers.next(db, uploads.size());
        CustomerMaster.insertCustomers(db, uploads, numbers, syncedAt);
        Map<UUID, Long> addressIds = CustomerMaster.insertAddresses(db, uploads, numbers);
        duplicates.remember(db, numbers, uploads.stream().map(DuplicatePolicy::profileOf).toList());
        StagedCustomers.markSynced(db, uploads, numbers, syncedAt);
        List<CustomerSynchronized> announcements = new ArrayList<>(uploads.size());
        for (int i = 0; i < uploads.size(); i++) {
            announcements.add(announcement(uploads.get(i), numbers.get(i), addressIds, syncedAt));
        }
        outbox.customersSynchronized(db, announcements);
        return announcements;
    }

    private static CustomerSynchronized announcement(CustomerCreated upload, String accountNumber,
            Map<UUID, Long> addressIds, Instant syncedAt) {
        List<SyncedAddress> addresses = upload.addresses().stream()
                .map(a -> new SyncedAddress(a.asyncAddressId(), addressIds.get(a.asyncAddressId()))).toList();
        return new CustomerSynchronized(upload.customerId(), upload.channelId(), upload.asyncCustomerNumber(),
                accountNumber, addresses, syncedAt, new CustomerSnapshot(upload.firstName(), upload.lastName(),
                        upload.email(), upload.phone(), upload.attributes(), upload.addresses()), null, 1L);
    }
}
