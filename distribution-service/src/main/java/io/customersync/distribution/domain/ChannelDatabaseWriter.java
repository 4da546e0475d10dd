package io.customersync.distribution.domain;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.Optional;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;

/**
 * Writes a synced customer into a channel database, touching only what the channel schema's
 * contract allows (channel-schema/README.md). Applying the same event again changes nothing.
 */
public final class ChannelDatabaseWriter {

    /** NOTIFY channel in the channel database: payload is the customer id that became SYNCED. */
    public static final String CUSTOMER_SYNCED = "customer_synced";

    private ChannelDatabaseWriter() {
    }

    /**
     * Applies the event in the caller's transaction on {@code channel}; empty when done, else why not.
     *
     * @param origin true for the customer's own channel (its async row becomes SYNCED), false for a
     *        channel of its address book (a copy)
     * @param converted told the creation time of an async customer that became SYNCED now
     */
    public static Optional<String> apply(Connection channel, CustomerSynchronized synced, boolean origin,
            Consumer<Instant> converted) throws SQLException {
        return origin ? applyToOrigin(channel, synced, converted) : copy(channel, synced);
    }

    /** @return empty when the customer is synced there now (or already was), else why it cannot be */
    private static Optional<String> applyToOrigin(Connection channel, CustomerSynchronized synced,
            Consumer<Instant> converted) throws SQLException {
        int changed = 0;
        try (PreparedStatement update = channel.prepareStatement("""
                update customer set status = 'SYNCED', account_number = ?, synced_at = ?, updated_at = now()
                where id = ? and status = 'ASYNC' returning created_at""")) {
            update.setString(1, synced.accountNumber());
            update.setTimestamp(2, Timestamp.from(synced.syncedAt()));
            update.setObject(3, synced.customerId());
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    changed++;
                    converted.accept(rs.getTimestamp(1).toInstant());
                }
            }
        }
        if (changed == 0) {
            Optional<String> current = accountNumberOf(channel, synced);
            if (current.isEmpty()) {
                return Optional.of("customer " + synced.customerId() + " is not in this channel database");
            }
            if (!current.get().equals(synced.accountNumber())) {
                return Optional.of("customer " + synced.customerId() + " already has another account number");
            }
        }
        for (SyncedAddress address : synced.addresses()) {
            try (PreparedStatement update = channel.prepareStatement("""
                    update customer_address set hq_address_id = ?
                    where id = ? and customer_id = ? and hq_address_id is distinct from ?""")) {
                update.setLong(1, address.hqAddressId());
                update.setObject(2, address.asyncAddressId());
                update.setObject(3, synced.customerId());
                update.setLong(4, address.hqAddressId());
                update.executeUpdate();
            }
        }
        if (changed > 0) {
            try (PreparedStatement notify = channel.prepareStatement("select pg_notify(?, ?)")) {
                notify.setString(1, CUSTOMER_SYNCED);
                notify.setString(2, synced.customerId().toString());
                notify.execute();
            }
        }
        return Optional.empty();
    }

    /**
     * Places or refreshes a copy of another channel's customer (same address book) in this channel
     * database. An older or repeated announcement changes nothing.
     *
     * @return empty when done; a reason if there is nothing to copy from
     */
    public static Optional<String> copy(Connection channel, CustomerSynchronized synced) throws SQLException {
        CustomerSnapshot customer = synced.customer();
        if (customer == null) {
            return Optional.empty(); // an announcement without the customer: nothing a copy could show
        }
        try (PreparedStatement upsert = channel.prepareStatement("""
                insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                      attributes, status, account_number, created_at, updated_at, synced_at, distributed)
                values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), 'SYNCED', ?, ?, now(), ?, true)
                on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
                    email = excluded.email, phone = excluded.phone, attributes = excluded.attributes,
                    account_number = excluded.account_number, synced_at = excluded.synced_at, updated_at = now()
                where customer.distributed and excluded.synced_at > customer.synced_at""")) {
            upsert.setObject(1, synced.customerId());
            upsert.setString(2, synced.originChannelId());
            upsert.setString(3, synced.asyncCustomerNumber());
            upsert.setString(4, customer.firstName());
            upsert.setString(5, customer.lastName());
            upsert.setString(6, customer.email());
            upsert.setString(7, customer.phone());
            upsert.setString(8, new String(EventJson.write(customer.attributes()), StandardCharsets.UTF_8));
            upsert.setString(9, synced.accountNumber());
            upsert.setTimestamp(10, Timestamp.from(synced.syncedAt()));
            upsert.setTimestamp(11, Timestamp.from(synced.syncedAt()));
            if (upsert.executeUpdate() == 0) {
                return Optional.empty(); // this copy is as new as the announcement, or newer
            }
        }
        for (int position = 0; position < customer.addresses().size(); position++) {
            AsyncAddress address = customer.addresses().get(position);
            try (PreparedStatement upsert = channel.prepareStatement("""
                    insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose,
                                                  hq_address_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (id) do update set position = excluded.position, street = excluded.street,
                        city = excluded.city, state = excluded.state, zip = excluded.zip, country = excluded.country,
                        purpose = excluded.purpose, hq_address_id = excluded.hq_address_id""")) {
                upsert.setObject(1, address.asyncAddressId());
                upsert.setObject(2, synced.customerId());
                upsert.setInt(3, position);
                upsert.setString(4, address.street());
                upsert.setString(5, address.city());
                upsert.setString(6, address.state());
                upsert.setString(7, address.zip());
                upsert.setString(8, address.country());
                upsert.setString(9, address.purpose());
                upsert.setObject(10, hqAddressId(synced, address), java.sql.Types.BIGINT);
                upsert.executeUpdate();
            }
        }
        return Optional.empty();
    }

    private static Long hqAddressId(CustomerSynchronized synced, AsyncAddress address) {
        return synced.addresses().stream().filter(a -> a.asyncAddressId().equals(address.asyncAddressId()))
                .map(SyncedAddress::hqAddressId).findFirst().orElse(null);
    }

    /** The customer's account number in this database: empty if the customer is not there, "" if it has none. */
    private static Optional<String> accountNumberOf(Connection channel, CustomerSynchronized synced)
            throws SQLException {
        try (PreparedStatement select = channel.prepareStatement("select account_number from customer where id = ?")) {
            select.setObject(1, synced.customerId());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String accountNumber = rs.getString(1);
                return Optional.of(accountNumber == null ? "" : accountNumber);
            }
        }
    }
}
