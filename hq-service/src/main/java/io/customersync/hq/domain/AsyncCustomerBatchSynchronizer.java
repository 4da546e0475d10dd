package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;

/**
 * "Synchronize customers and business partners from async mode" for a whole chunk of staged
 * customers at once: a handful of set-based statements per chunk instead of a dozen per customer
 * (lock, number, customer, addresses, staging, history, outbox), in the caller's transaction.
 * <p>
 * Only the plain case is handled here: a customer a match rule says may be a duplicate (of a
 * customer of the master, or of an earlier one of the chunk) is returned to be synced one by one by
 * {@link AsyncCustomerSynchronizer}, which applies the duplicate policy. Customers that only share
 * a contact value (a household's landline, a store's phone) stay here. Rows locked
 * by another transaction are skipped: whoever holds them syncs them.
 */
@ApplicationScoped
public class AsyncCustomerBatchSynchronizer {

    private final HqDatabase database;
    private final CustomerRules rules;
    private final DuplicatePolicy duplicates;
    private final AccountWriter accounts;

    public AsyncCustomerBatchSynchronizer(HqDatabase database, CustomerRules rules, DuplicatePolicy duplicates,
            AccountWriter accounts) {
        this.database = database;
        this.rules = rules;
        this.duplicates = duplicates;
        this.accounts = accounts;
    }

    /**
     * What a chunk came to: the customers numbered and announced, and the possible duplicates
     * (locked) left for the one-by-one path, in the chunk's order.
     */
    public record Outcome(List<CustomerSynchronized> synced, List<UUID> possibleDuplicates) {
    }

    /**
     * Gives every PENDING, not held customer of {@code customerIds} that is not a possible duplicate
     * its account number, and announces it. Customers already synced or held are left as they are.
     *
     * @throws SyncRefusedException when HQ's rules refuse one of the chunk (nothing of it is kept)
     */
    public Outcome synchronize(List<UUID> customerIds) {
        return database.call("number staged customers", db -> synchronize(db, customerIds));
    }

    private Outcome synchronize(Connection db, List<UUID> customerIds) throws SQLException {
        List<CustomerCreated> uploads = StagedCustomers.lockPending(db, customerIds);
        uploads.forEach(rules::check);
        Set<UUID> possibleDuplicates = duplicates.find(db, uploads).keySet();
        List<CustomerCreated> plain = uploads.stream().filter(u -> !possibleDuplicates.contains(u.customerId())).toList();
        return new Outcome(accounts.openAccounts(db, plain),
                uploads.stream().map(CustomerCreated::customerId).filter(possibleDuplicates::contains).toList());
    }
}
