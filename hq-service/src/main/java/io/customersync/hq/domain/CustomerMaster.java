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

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;

/**
 * The owner of the customer master: {@code customer} ({@link Customer}) and {@code customer_address}
 * ({@link CustomerAddress}); the async customers given an existing account are {@link CustomerLinks}.
 * A single customer is read, and its changes saved, one at a time ({@link #save}); new accounts are
 * written set-based, a chunk at a time, on the caller's connection (by the {@link AccountWriter}).
 */
@ApplicationScoped
public class CustomerMaster {

    private static final String CUSTOMER = """
            select account_number, customer_id, origin_channel_id, async_customer_number, first_name, last_name, email,
                   phone, attributes::text, created_at, version, field_changes::text, merged_into
            from customer""";
    private static final String ADDRESS = """
            select id, account_number, async_address_id, street, city, state, zip, country, purpose, removed_at, changed_at
            from customer_address""";

    private final HqDatabase database;

    public CustomerMaster(HqDatabase database) {
        this.database = database;
    }

    public Customer find(String accountNumber) {
        return database.first(CUSTOMER + " where account_number = ?", CustomerMaster::customer, accountNumber);
    }

    /**
     * The customer, its row locked by the caller's transaction (null if none), taken first by every change: two changes
     * of one account follow each other, the second reading what the first wrote (a save writes every column). {@code
     * for no key update}: the rows that refer to the customer (addresses, links) can still be added meanwhile.
     */
    public Customer locked(String accountNumber) {
        return database.first(CUSTOMER + " where account_number = ? for no key update", CustomerMaster::customer,
                accountNumber);
    }

    /** The master customer with this customer id (its own account, not one it was linked to); null if none. */
    public Customer findByCustomerId(UUID customerId) {
        return database.first(CUSTOMER + " where customer_id = ?", CustomerMaster::customer, customerId);
    }

    /** The customer's own record (not an account it was linked to), its row locked; null if it has none. */
    public Customer lockedOwnRecord(UUID customerId) {
        return database.first(CUSTOMER + " where customer_id = ? for no key update", CustomerMaster::customer,
                customerId);
    }

    /** Writes every column a change may touch (fields, versions, merge), in the transaction that {@link #locked} it. */
    public void save(Customer customer) {
        database.update("""
                update customer set first_name = ?, last_name = ?, email = ?, phone = ?, attributes = cast(? as jsonb),
                                    field_changes = cast(? as jsonb), version = ?, merged_into = ?
                where account_number = ?""", customer.firstName, customer.lastName, customer.email, customer.phone,
                json(customer.attributes), json(customer.fieldChanges), customer.version, customer.mergedInto,
                customer.accountNumber);
    }

    /** An account's addresses as erasure leaves them: their ids (sales and orders refer to them) and nothing else. */
    private static final String BLANK_ADDRESSES = """
            update customer_address set street = '-', city = '-', state = null, zip = '-', country = 'ZZ'
            where account_number = ?""";

    /** Erasure (docs/privacy.md): addresses keep their ids (sales refer to them); the caller does the customer's fields. */
    public void anonymiseAddresses(String accountNumber) {
        database.update(BLANK_ADDRESSES, accountNumber);
    }

    /** Erasure of a customer merged into another account: the addresses it brought keep their ids and nothing else. */
    public int anonymiseAddresses(String accountNumber, List<UUID> asyncAddressIds) {
        return database.update(BLANK_ADDRESSES + " and async_address_id = any(?)"
                + " and (street, city, zip, country) is distinct from ('-', '-', '-', 'ZZ')", accountNumber,
                new HqDatabase.Array("uuid", asyncAddressIds));
    }

    /** The customer's addresses, in the order they were added. */
    public List<CustomerAddress> addresses(String accountNumber) {
        return database.list(ADDRESS + " where account_number = ? order by id", CustomerMaster::address, accountNumber);
    }

    public void addAddress(String accountNumber, AsyncAddress address) {
        database.update("""
                insert into customer_address (account_number, async_address_id, street, city, state, zip, country, purpose,
                                              removed_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, case when ? then now() end)""", accountNumber, address.asyncAddressId(),
                address.street(), address.city(), address.state(), address.zip(), address.country(), address.purpose(),
                address.wasRemoved());
    }

    /** Its store removed the address (by its async id) at {@code removedAt}: it stays, marked removed for good. */
    public void removeAddress(String accountNumber, UUID asyncAddressId, java.time.Instant removedAt) {
        database.update("update customer_address set removed_at = ? where account_number = ? and async_address_id = ?"
                + " and removed_at is null", removedAt, accountNumber, asyncAddressId);
    }

    /** A store's change of an address it added (by its async id), made at {@code changedAt}: its HQ id and place stay. */
    public void changeAddress(String accountNumber, AsyncAddress a, java.time.Instant changedAt) {
        database.update("update customer_address set street = ?, city = ?, state = ?, zip = ?, country = ?, purpose = ?, "
                + "changed_at = ? where account_number = ? and async_address_id = ?", a.street(), a.city(), a.state(),
                a.zip(), a.country(), a.purpose(), changedAt, accountNumber, a.asyncAddressId());
    }

    /**
     * An address a store added before the customer's erasure reached it, kept as erasure leaves addresses: its id (a
     * sale or order may name it) and nothing else, so that no statement waits for it for ever. Once only.
     */
    public void addErasedAddress(String accountNumber, UUID asyncAddressId, String purpose) {
        database.update("""
                insert into customer_address (account_number, async_address_id, street, city, state, zip, country, purpose)
                values (?, ?, '-', '-', null, '-', 'ZZ', ?) on conflict (async_address_id) do nothing""", accountNumber,
                asyncAddressId, purpose);
    }

    /** A merge: every address of one account goes to another (the ids stay). */
    public void moveAddresses(String fromAccount, String toAccount) {
        database.update("update customer_address set account_number = ? where account_number = ?", toAccount,
                fromAccount);
    }

    /** Whether the master has the (async) address, under any account. */
    public boolean hasAddress(UUID asyncAddressId) {
        return database.count("select count(*) from customer_address where async_address_id = ?", asyncAddressId) > 0;
    }

    /** A page of customers not merged into another, by account number after {@code afterAccount}. */
    public List<Customer> page(String afterAccount, int size) {
        return database.list(CUSTOMER + " where account_number > ? and merged_into is null order by account_number limit ?",
                CustomerMaster::customer, afterAccount, size);
    }

    /** Customers created at one of {@code origins}, merged ones too, by account number (a channel's full sync). */
    public List<Customer> pageOf(List<String> origins, String afterAccount, int size) {
        return database.list(CUSTOMER + """
                 where account_number > ? and origin_channel_id = any(?)
                order by account_number limit ?""", CustomerMaster::customer, afterAccount,
                new HqDatabase.Array("text", origins), size);
    }

    /** The addresses of these customers, in the order they were added. */
    public List<CustomerAddress> addressesOf(List<String> accountNumbers) {
        return database.list(ADDRESS + " where account_number = any(?) order by id", CustomerMaster::address,
                new HqDatabase.Array("text", accountNumbers));
    }

    private static Customer customer(ResultSet rs) throws SQLException {
        Customer customer = new Customer();
        customer.accountNumber = rs.getString(1);
        customer.customerId = rs.getObject(2, UUID.class);
        customer.originChannelId = rs.getString(3);
        customer.asyncCustomerNumber = rs.getString(4);
        customer.firstName = rs.getString(5);
        customer.lastName = rs.getString(6);
        customer.email = rs.getString(7);
        customer.phone = rs.getString(8);
        customer.attributes = strings(rs, 9);
        customer.createdAt = HqDatabase.instant(rs, 10);
        customer.version = rs.getLong(11);
        customer.fieldChanges = new HashMap<>(strings(rs, 12));
        customer.mergedInto = rs.getString(13);
        return customer;
    }

    private static CustomerAddress address(ResultSet rs) throws SQLException {
        CustomerAddress address = new CustomerAddress();
        address.id = rs.getLong(1);
        address.accountNumber = rs.getString(2);
        address.asyncAddressId = rs.getObject(3, UUID.class);
        address.street = rs.getString(4);
        address.city = rs.getString(5);
        address.state = rs.getString(6);
        address.zip = rs.getString(7);
        address.country = rs.getString(8);
        address.purpose = rs.getString(9);
        address.removedAt = HqDatabase.instant(rs, 10);
        address.changedAt = HqDatabase.instant(rs, 11);
        return address;
    }

    /** A JSON object of strings (attributes, field changes); none as an empty map. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(ResultSet rs, int column) throws SQLException {
        Map<String, String> values = HqDatabase.json(rs, column, Map.class);
        return values == null ? Map.of() : values;
    }

    private static String json(Map<String, String> values) {
        return new String(EventJson.write(values == null ? Map.of() : values), StandardCharsets.UTF_8);
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

    /** Inserts the new customers' addresses in one statement; the HQ address id of each async address. */
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
                insert into customer_address (account_number, async_address_id, street, city, state, zip, country, purpose,
                                              removed_at)
                select account_number, async_address_id, street, city, state, zip, country, purpose,
                       case when removed then now() end
                from unnest(?::text[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bool[])
                    with ordinality as a(account_number, async_address_id, street, city, state, zip, country, purpose,
                                         removed, position)
                order by position
                returning id, async_address_id""")) {
            insert.setArray(1, db.createArrayOf("text", owners.toArray()));
            insert.setArray(2, column(db, "uuid", addresses, AsyncAddress::asyncAddressId));
            addressColumns(insert, 3, addresses);
            insert.setArray(9, column(db, "bool", addresses, AsyncAddress::wasRemoved)); // removed before its numbering
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getObject(2, UUID.class), rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
