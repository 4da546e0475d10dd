package io.customersync.hq.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/**
 * The owner of the customer master: {@code customer} ({@link Customer}), {@code customer_address}
 * ({@link CustomerAddress}) and {@code customer_link} (async customers given an existing account).
 * Single customers go through the entities; new accounts are written set-based, a chunk at a time,
 * on the caller's connection (by the {@link AccountWriter}).
 */
@ApplicationScoped
public class CustomerMaster {

    private final EntityManager em;

    public CustomerMaster(EntityManager em) {
        this.em = em;
    }

    public Customer find(String accountNumber) {
        return Customer.findById(accountNumber);
    }

    /**
     * The customer, its row locked by the caller's transaction (null if none). Every change of a customer of
     * the master takes it first: two changes of one account (a store's edit and the edit of a customer linked to
     * it, an ops decision, another instance) follow each other, the second reading what the first wrote; the
     * entity writes every column, so one read before the other's commit would undo it.
     */
    public Customer locked(String accountNumber) {
        // the first read of the customer in the transaction: one this session held already would be locked, not read again
        return em.find(Customer.class, accountNumber, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The master customer with this customer id (its own account, not one it was linked to); null if none. */
    public Customer findByCustomerId(UUID customerId) {
        return Customer.<Customer> find("customerId", customerId).firstResult();
    }

    /** The account an async customer was linked to (or merged into), if any. */
    public java.util.Optional<String> linkedAccount(UUID customerId) {
        @SuppressWarnings("unchecked")
        List<String> accounts = em.createNativeQuery("select account_number from customer_link where customer_id = ?1")
                .setParameter(1, customerId).getResultList();
        return accounts.stream().findFirst();
    }

    /**
     * Erasure (docs/privacy.md): the customer's addresses keep their ids (sales and orders refer to
     * them) and nothing else; the caller anonymises the customer's own fields.
     */
    public void anonymiseAddresses(String accountNumber) {
        em.createNativeQuery("""
                update customer_address set street = '-', city = '-', state = null, zip = '-', country = 'ZZ'
                where account_number = ?1""").setParameter(1, accountNumber).executeUpdate();
    }

    /** The customer's addresses, in the order they were added. */
    public List<CustomerAddress> addresses(String accountNumber) {
        return CustomerAddress.list("accountNumber", Sort.by("id"), accountNumber);
    }

    public void addAddress(String accountNumber, AsyncAddress address) {
        CustomerAddress.create(accountNumber, address).persist();
    }

    /** Whether the master has the (async) address, under any account. */
    public boolean hasAddress(UUID asyncAddressId) {
        return CustomerAddress.count("asyncAddressId", asyncAddressId) > 0;
    }

    /**
     * The async customers given this account (linked to it, or merged into it), and those given an account
     * merged into it since, by customer id.
     */
    @SuppressWarnings("unchecked")
    public List<UUID> linkedCustomers(String accountNumber) {
        return em.createNativeQuery("""
                select customer_id from customer_link
                where account_number = ?1 or account_number in (select account_number from customer where merged_into = ?1)
                order by 1""", UUID.class).setParameter(1, accountNumber).getResultList();
    }

    /** The customer's own record (not an account it was linked to), its row locked; null if it has none. */
    public Customer lockedOwnRecord(UUID customerId) {
        return Customer.<Customer> find("customerId", customerId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Records that an async customer was given an existing account (linked, or merged into it). */
    public void link(UUID customerId, String accountNumber) {
        em.createNativeQuery("insert into customer_link (customer_id, account_number) values (?1, ?2)")
                .setParameter(1, customerId).setParameter(2, accountNumber).executeUpdate();
    }

    /** A page of customers not merged into another, by account number after {@code afterAccount}. */
    public List<Customer> page(String afterAccount, int size) {
        return Customer.<Customer> find("accountNumber > ?1 and mergedInto is null", Sort.by("accountNumber"),
                afterAccount).page(Page.ofSize(size)).list();
    }

    /** The addresses of these customers, in the order they were added. */
    public List<CustomerAddress> addressesOf(List<String> accountNumbers) {
        return CustomerAddress.list("accountNumber in ?1", Sort.by("id"), accountNumbers);
    }

    /** Inserts new customers of the master, one per account number, in one statement. */
    static void insertCustomers(Connection db, List<CustomerCreated> customers, List<String> numbers,
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

    /**
     * Inserts the new customers' addresses in one statement.
     *
     * @return the HQ address id of each async address
     */
    static Map<UUID, Long> insertAddresses(Connection db, List<CustomerCreated> customers, List<String> numbers)
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
}
