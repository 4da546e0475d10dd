package io.customersync.channel.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.messaging.Database;

/**
 * Owner of the {@code customer} and {@code customer_address} tables (a customer and its addresses are one
 * aggregate, read together): single customers through {@link ChannelDatabase}, each change written where it is
 * made ({@link #save}, {@link #addAddress}); new customers set-based on the group commit's connection.
 */
@ApplicationScoped
public class Customers {

    /** New customers in one statement (hot path: group commit): ASYNC, or SYNCED by HQ's real-time call. */
    private static final String INSERT_CUSTOMERS = """
            insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                  attributes, status, account_number, synced_at, created_at, updated_at, distributed,
                                  hq_version)
            select id, channel_id, number, first_name, last_name, email, phone, cast(attributes as jsonb),
                   status, account_number, synced_at, created_at, created_at, false, hq_version
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::timestamptz[], ?::text[], ?::text[], ?::timestamptz[], ?::int8[])
                as c(id, channel_id, number, first_name, last_name, email, phone, attributes, created_at, status,
                     account_number, synced_at, hq_version)""";

    /** Their addresses, all in one statement (HQ's address id known for a sync-mode customer). */
    private static final String INSERT_ADDRESSES = """
            insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose,
                                          hq_address_id)
            select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[], ?::text[], ?::int8[])""";

    /** Both in one statement, one round trip for a group: the addresses' foreign keys are checked at its end. */
    private static final String INSERT_CUSTOMERS_WITH_ADDRESSES = "with customers as (" + INSERT_CUSTOMERS + ")\n"
            + INSERT_ADDRESSES;

    /** How many customers have a status (the one text parameter); for the metrics' gauge, read at each scrape. */
    public static final String COUNT_BY_STATUS = "select count(*) from customer where status = ?";

    /** Seconds since the oldest ASYNC customer was created (0 with none): through customer_async_waiting (V5). */
    public static final String OLDEST_ASYNC_SECONDS = """
            select coalesce(extract(epoch from now() - min(created_at)), 0) from customer where status = 'ASYNC'""";

    static final String COLUMNS = "id, channel_id, async_customer_number, first_name, last_name, email, phone,"
            + " attributes::text, status, account_number, created_at, updated_at, synced_at, sync_reason,"
            + " fields_to_fix::text, sync_status_at, distributed, hq_version, erased_at, former_account_numbers";

    private static final String ADDRESSES = "select id, customer_id, position, street, city, state, zip, country,"
            + " purpose, hq_address_id, removed_at from customer_address where customer_id = any(?)"
            + " order by customer_id, position";

    /** One page of a till search and how many customers match in all. */
    public record SearchPage(List<Customer> customers, long total) {
    }

    private final ChannelDatabase database;

    public Customers(ChannelDatabase database) {
        this.database = database;
    }

    /** The customer with this id, in whatever channel; null if there is none. */
    public Customer find(UUID id) {
        return database.call("read customer " + id, db -> one(db, id, ""));
    }

    /**
     * A customer the channel sees: its own, or a copy of another channel's customer from its address
     * book (read, search, transactions and edits; addresses are added where it was created).
     */
    public Optional<Customer> findVisible(UUID id, String channelId) {
        return Optional.ofNullable(find(id)).filter(c -> c.channelId.equals(channelId) || c.distributed);
    }

    /**
     * A customer, locked so concurrent edits queue up (for no key update: a sale or address that refers to it
     * is not held up), its addresses read after the lock; null if there is none.
     */
    Customer lockedForEdit(UUID id) {
        return database.call("lock customer " + id, db -> one(db, id, " for no key update"));
    }

    /** Those of these customers saved here already, by id. */
    Map<UUID, Customer> placed(List<UUID> ids) {
        return database.call("read placed customers", db -> {
            Map<UUID, Customer> found = new LinkedHashMap<>();
            try (PreparedStatement select = Database.prepare(db, "select " + COLUMNS + " from customer where id = any(?)",
                    new Database.Array("uuid", ids)); ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Customer customer = customer(rs);
                    found.put(customer.id, customer);
                }
            }
            withAddresses(db, found.values());
            return found;
        });
    }

    /** A page of a till search ({@link CustomerSearch}) and how many match in all, with one connection. */
    public SearchPage search(String channelId, String text, int page, int size) {
        CustomerSearch query = CustomerSearch.of(channelId, text);
        return database.call("search customers", db -> {
            List<Object> parameters = new ArrayList<>(query.parameters());
            parameters.add(size);
            parameters.add((long) page * size); // a far page is empty, not an int past its range
            List<Customer> customers = new ArrayList<>();
            try (PreparedStatement select = Database.prepare(db, query.select() + " limit ? offset ?",
                    parameters.toArray()); ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    customers.add(customer(rs));
                }
            }
            withAddresses(db, customers);
            try (PreparedStatement count = Database.prepare(db, query.count(), query.parameters().toArray());
                    ResultSet rs = count.executeQuery()) {
                rs.next();
                return new SearchPage(customers, rs.getLong(1));
            }
        });
    }

    /** Writes a store's edit of the customer (the fields an edit changes; HQ's columns stay as distribution wrote them). */
    void save(Customer customer) {
        database.update("""
                update customer set first_name = ?, last_name = ?, email = ?, phone = ?, attributes = cast(? as jsonb),
                    updated_at = ?, status = ?, sync_reason = ?, fields_to_fix = cast(? as jsonb)
                where id = ?""", customer.firstName, customer.lastName, customer.email, customer.phone,
                json(customer.attributes == null ? Map.of() : customer.attributes), customer.updatedAt, customer.status,
                customer.syncReason, json(customer.fieldsToFix == null ? List.of() : customer.fieldsToFix), customer.id);
    }

    /** Writes a new address of a saved customer. */
    void addAddress(CustomerAddress address) {
        database.update("""
                insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", address.id, address.customer.id, address.position, address.street,
                address.city, address.state, address.zip, address.country, address.purpose);
    }

    /** Marks an address removed (its row stays, hidden: sales name it). */
    void removeAddress(CustomerAddress a) {
        database.update("update customer_address set removed_at = ? where id = ? and removed_at is null",
                a.removedAt, a.id);
    }

    /** Writes an address's new content (a customer who moved); its id, place and HQ address id stay. */
    void changeAddress(CustomerAddress a) {
        database.update("update customer_address set street = ?, city = ?, state = ?, zip = ?, country = ?, purpose = ? "
                + "where id = ?", a.street, a.city, a.state, a.zip, a.country, a.purpose, a.id);
    }

    /**
     * A customer just saved as async that HQ's real-time service holds as a possible duplicate:
     * ON_HOLD at once (HQ's status event says the same a moment later), never over another status.
     */
    static void markHeldAtHq(Connection db, Customer customer) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("""
                update customer set status = 'ON_HOLD', sync_reason = ? where id = ? and status = 'ASYNC'""")) {
            update.setString(1, CustomerNotSynchronized.POSSIBLE_DUPLICATE);
            update.setObject(2, customer.id);
            update.executeUpdate();
        }
        customer.status = CustomerStatus.ON_HOLD;
        customer.syncReason = CustomerNotSynchronized.POSSIBLE_DUPLICATE;
    }

    /**
     * Inserts new customers (ASYNC, or SYNCED with their account numbers) and their addresses with one
     * statement per table whatever their number, on the transaction's connection.
     */
    static void insertNew(Connection db, List<Customer> customers) throws SQLException {
        List<CustomerAddress> addresses = customers.stream().flatMap(c -> c.addresses.stream()).toList();
        try (PreparedStatement insert = db.prepareStatement(addresses.isEmpty() ? INSERT_CUSTOMERS
                : INSERT_CUSTOMERS_WITH_ADDRESSES)) {
            insert.setArray(1, column(db, "uuid", customers, c -> c.id));
            insert.setArray(2, column(db, "text", customers, c -> c.channelId));
            insert.setArray(3, column(db, "text", customers, c -> c.asyncCustomerNumber));
            insert.setArray(4, column(db, "text", customers, c -> c.firstName));
            insert.setArray(5, column(db, "text", customers, c -> c.lastName));
            insert.setArray(6, column(db, "text", customers, c -> c.email));
            insert.setArray(7, column(db, "text", customers, c -> c.phone));
            insert.setArray(8, column(db, "text", customers, c -> json(c.attributes)));
            insert.setArray(9, column(db, "text", customers, c -> c.createdAt.toString()));
            insert.setArray(10, column(db, "text", customers, c -> c.status.name()));
            insert.setArray(11, column(db, "text", customers, c -> c.accountNumber));
            insert.setArray(12, column(db, "text", customers, c -> c.syncedAt == null ? null : c.syncedAt.toString()));
            // HQ's version of a sync-mode customer: its announcement may reach this database before the row does
            insert.setArray(13, column(db, "int8", customers, c -> c.hqVersion));
            if (!addresses.isEmpty()) {
                insert.setArray(14, column(db, "uuid", addresses, a -> a.id));
                insert.setArray(15, column(db, "uuid", addresses, a -> a.customer.id));
                insert.setArray(16, column(db, "int4", addresses, a -> a.position));
                addressColumns(insert, 17, addresses.stream().map(CustomerAddress::toEvent).toList());
                insert.setArray(23, column(db, "int8", addresses, a -> a.hqAddressId));
            }
            insert.execute();
        }
    }

    private static Customer one(Connection db, UUID id, String lock) throws SQLException {
        Customer customer;
        try (PreparedStatement select = Database.prepare(db, "select " + COLUMNS + " from customer where id = ?" + lock,
                id); ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            customer = customer(rs);
        }
        withAddresses(db, List.of(customer));
        return customer;
    }

    /** Reads the customers' addresses, in order, with one statement. */
    private static void withAddresses(Connection db, Collection<Customer> customers) throws SQLException {
        if (customers.isEmpty()) {
            return;
        }
        Map<UUID, Customer> byId = new LinkedHashMap<>();
        customers.forEach(c -> byId.put(c.id, c));
        try (PreparedStatement select = Database.prepare(db, ADDRESSES, new Database.Array("uuid", byId.keySet()));
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                CustomerAddress address = new CustomerAddress();
                address.id = rs.getObject(1, UUID.class);
                address.customer = byId.get(rs.getObject(2, UUID.class));
                address.position = rs.getInt(3);
                address.street = rs.getString(4);
                address.city = rs.getString(5);
                address.state = rs.getString(6);
                address.zip = rs.getString(7);
                address.country = rs.getString(8);
                address.purpose = AddressPurpose.valueOf(rs.getString(9));
                address.hqAddressId = rs.getObject(10, Long.class);
                address.removedAt = Database.instant(rs, 11);
                address.customer.addresses.add(address);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Customer customer(ResultSet rs) throws SQLException {
        Customer customer = new Customer();
        customer.id = rs.getObject(1, UUID.class);
        customer.channelId = rs.getString(2);
        customer.asyncCustomerNumber = rs.getString(3);
        customer.firstName = rs.getString(4);
        customer.lastName = rs.getString(5);
        customer.email = rs.getString(6);
        customer.phone = rs.getString(7);
        customer.attributes = Database.json(rs, 8, Map.class);
        customer.status = CustomerStatus.valueOf(rs.getString(9));
        customer.accountNumber = rs.getString(10);
        customer.createdAt = Database.instant(rs, 11);
        customer.updatedAt = Database.instant(rs, 12);
        customer.syncedAt = Database.instant(rs, 13);
        customer.syncReason = rs.getString(14);
        customer.fieldsToFix = Database.json(rs, 15, List.class);
        customer.syncStatusAt = Database.instant(rs, 16);
        customer.distributed = rs.getBoolean(17);
        customer.hqVersion = rs.getObject(18, Long.class);
        customer.erasedAt = Database.instant(rs, 19);
        java.sql.Array former = rs.getArray(20);
        customer.formerAccountNumbers = former == null ? List.of() : List.of((String[]) former.getArray());
        return customer;
    }

    private static String json(Object value) {
        return new String(EventJson.write(value), StandardCharsets.UTF_8);
    }
}
