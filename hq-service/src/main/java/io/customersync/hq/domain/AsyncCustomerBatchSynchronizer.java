package io.customersync.hq.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;
import io.customersync.hq.messaging.HqOutbox;
import io.customersync.messaging.PoisonEventException;

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

    private final AccountNumberSequence accountNumbers;
    private final CustomerRules rules;
    private final HqOutbox outbox;
    private final DuplicatePolicy duplicates;

    public AsyncCustomerBatchSynchronizer(AccountNumberSequence accountNumbers, CustomerRules rules, HqOutbox outbox,
            DuplicatePolicy duplicates) {
        this.accountNumbers = accountNumbers;
        this.rules = rules;
        this.outbox = outbox;
        this.duplicates = duplicates;
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
    public Outcome synchronize(Connection db, List<UUID> customerIds) throws SQLException {
        List<CustomerCreated> uploads = lockPending(db, customerIds);
        uploads.forEach(rules::check);
        Set<UUID> possibleDuplicates = duplicates.find(db, uploads).keySet();
        List<CustomerCreated> plain = uploads.stream().filter(u -> !possibleDuplicates.contains(u.customerId())).toList();
        List<CustomerSynchronized> announcements = new ArrayList<>(plain.size());
        if (!plain.isEmpty()) {
            Instant syncedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<String> numbers = accountNumbers.next(db, plain.size());
            insertCustomers(db, plain, numbers, syncedAt);
            Map<UUID, Long> addressIds = insertAddresses(db, plain, numbers);
            duplicates.remember(db, numbers, plain.stream().map(DuplicatePolicy::profileOf).toList());
            markSynced(db, plain, numbers, syncedAt);
            for (int i = 0; i < plain.size(); i++) {
                announcements.add(announcement(plain.get(i), numbers.get(i), addressIds, syncedAt));
            }
            outbox.customersSynchronized(db, announcements);
        }
        return new Outcome(announcements,
                uploads.stream().map(CustomerCreated::customerId).filter(possibleDuplicates::contains).toList());
    }

    /**
     * Locks the chunk's rows by primary key alone, then keeps those still PENDING and not held (as
     * locked: a row synced meanwhile by another instance shows SYNCED here). Filtering by status in
     * the query let the planner add a bitmap scan of the status index, which walks every entry that
     * synced rows left there until vacuum.
     */
    private static List<CustomerCreated> lockPending(Connection db, List<UUID> customerIds) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select customer_id, payload::text, status = 'PENDING' and held_reason is null
                from async_customer_staging where customer_id = any(?)
                order by received_at, customer_id for update skip locked""")) {
            select.setArray(1, db.createArrayOf("uuid", customerIds.toArray()));
            List<CustomerCreated> uploads = new ArrayList<>(customerIds.size());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(3)) {
                        uploads.add(payloadOf(rs.getObject(1, UUID.class), rs.getString(2)));
                    }
                }
            }
            return uploads;
        }
    }

    private static void insertCustomers(Connection db, List<CustomerCreated> customers, List<String> numbers,
            Instant createdAt) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                insert into customer (account_number, customer_id, origin_channel_id, async_customer_number, first_name,
                                      last_name, email, phone, attributes, created_at)
                select account_number, customer_id, origin_channel_id, async_customer_number, first_name, last_name,
                       email, phone, cast(attributes as jsonb), ?
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as c(account_number, customer_id, origin_channel_id, async_customer_number, first_name, last_name,
                         email, phone, attributes)""")) {
            insert.setTimestamp(1, Timestamp.from(createdAt));
            insert.setArray(2, db.createArrayOf("text", numbers.toArray()));
            insert.setArray(3, column(db, "uuid", customers, CustomerCreated::customerId));
            insert.setArray(4, column(db, "text", customers, CustomerCreated::channelId));
            insert.setArray(5, column(db, "text", customers, CustomerCreated::asyncCustomerNumber));
            insert.setArray(6, column(db, "text", customers, CustomerCreated::firstName));
            insert.setArray(7, column(db, "text", customers, CustomerCreated::lastName));
            insert.setArray(8, column(db, "text", customers, CustomerCreated::email));
            insert.setArray(9, column(db, "text", customers, CustomerCreated::phone));
            insert.setArray(10, column(db, "text", customers,
                    c -> new String(EventJson.write(c.attributes() == null ? Map.of() : c.attributes()),
                            StandardCharsets.UTF_8)));
            insert.executeUpdate();
        }
    }

    /** @return the HQ address id of each async address */
    private static Map<UUID, Long> insertAddresses(Connection db, List<CustomerCreated> customers, List<String> numbers)
            throws SQLException {
        List<String> owners = new ArrayList<>();
        List<AsyncAddress> addresses = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            for (AsyncAddress address : customers.get(i).addresses()) {
                owners.add(numbers.get(i));
                addresses.add(address);
            }
        }
        Map<UUID, Long> ids = new HashMap<>();
        if (addresses.isEmpty()) {
            return ids;
        }
        try (PreparedStatement insert = db.prepareStatement("""
                insert into customer_address (account_number, async_address_id, street, city, state, zip, country, purpose)
                select account_number, async_address_id, street, city, state, zip, country, purpose
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    with ordinality as a(account_number, async_address_id, street, city, state, zip, country, purpose, position)
                order by position
                returning id, async_address_id""")) {
            insert.setArray(1, db.createArrayOf("text", owners.toArray()));
            insert.setArray(2, column(db, "uuid", addresses, AsyncAddress::asyncAddressId));
            addressColumns(insert, 3, addresses);
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getObject(2, UUID.class), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static void markSynced(Connection db, List<CustomerCreated> customers, List<String> numbers,
            Instant syncedAt) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                with synced as (
                    update async_customer_staging s
                    set status = 'SYNCED', account_number = u.account_number, synced_at = ?, last_error = null
                    from unnest(?::uuid[], ?::text[]) as u(customer_id, account_number)
                    where s.customer_id = u.customer_id
                    returning s.customer_id, s.account_number)
                insert into staging_history (customer_id, status, detail)
                select customer_id, 'SYNCED', 'account ' || account_number from synced""")) {
            update.setTimestamp(1, Timestamp.from(syncedAt));
            update.setArray(2, column(db, "uuid", customers, CustomerCreated::customerId));
            update.setArray(3, db.createArrayOf("text", numbers.toArray()));
            update.executeUpdate();
        }
    }

    private static CustomerSynchronized announcement(CustomerCreated upload, String accountNumber,
            Map<UUID, Long> addressIds, Instant syncedAt) {
        List<SyncedAddress> addresses = upload.addresses().stream()
                .map(a -> new SyncedAddress(a.asyncAddressId(), addressIds.get(a.asyncAddressId()))).toList();
        return new CustomerSynchronized(upload.customerId(), upload.channelId(), upload.asyncCustomerNumber(),
                accountNumber, addresses, syncedAt, new CustomerSnapshot(upload.firstName(), upload.lastName(),
                        upload.email(), upload.phone(), upload.attributes(), upload.addresses()));
    }

    static CustomerCreated payloadOf(UUID customerId, String payload) {
        try {
            return EventJson.read(payload.getBytes(StandardCharsets.UTF_8), CustomerCreated.class);
        } catch (IOException e) {
            throw new PoisonEventException("staged customer " + customerId + " has an unreadable payload", e);
        }
    }
}
