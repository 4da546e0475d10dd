package io.customersync.distribution.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSynchronized;

/**
 * The addresses of the copies {@link ChannelDatabaseBatch} places or refreshes in a channel database (part of
 * distribution's owner of the writes into a channel database): set-based, one statement each. A row of another
 * customer stays that customer's (a store's own customer HQ merged into the account learns its HQ address id only).
 */
final class CopiedAddresses {

    private CopiedAddresses() {
    }

    /** Writes the copies' addresses (their customers copied in this transaction), with HQ's address ids. */
    static void write(Connection channel, List<CustomerSynchronized> events) throws SQLException {
        List<AsyncAddress> addresses = new ArrayList<>();
        List<Object> owners = new ArrayList<>();
        List<Object> positions = new ArrayList<>();
        List<Object> hqIds = new ArrayList<>();
        Set<UUID> placed = new HashSet<>();
        // an address in two customers of the batch (a merged record announced beside the account that took its
        // addresses, or a customer that joined the account announced the account's) is written once, as the account's
        // own customer's: one statement cannot write a row twice
        List<CustomerSynchronized> accountsFirst = new ArrayList<>(events);
        accountsFirst.sort(Comparator.comparing(e -> e.replacesAccountNumber() != null || e.joinedAccount()));
        for (CustomerSynchronized event : accountsFirst) {
            Map<UUID, Long> hq = new HashMap<>();
            event.addresses().forEach(a -> hq.put(a.asyncAddressId(), a.hqAddressId()));
            List<AsyncAddress> own = event.customer().addresses();
            for (int position = 0; position < own.size(); position++) {
                if (!placed.add(own.get(position).asyncAddressId())) {
                    continue;
                }
                addresses.add(own.get(position));
                owners.add(event.customerId());
                positions.add(position);
                hqIds.add(hq.get(own.get(position).asyncAddressId()));
            }
        }
        if (addresses.isEmpty()) {
            return;
        }
        // an address its store removed (since 2026-12-06) stays, in its place, marked removed for good (V25)
        try (PreparedStatement upsert = channel.prepareStatement("""
                insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose,
                                              hq_address_id, removed_at)
                select id, customer_id, position, street, city, state, zip, country, purpose, hq_address_id,
                       case when removed then now() end
                from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::bigint[], ?::bool[])
                    as x(id, customer_id, position, street, city, state, zip, country, purpose, hq_address_id, removed)
                on conflict (id) do update set position = excluded.position, street = excluded.street,
                    city = excluded.city, state = excluded.state, zip = excluded.zip, country = excluded.country,
                    purpose = excluded.purpose, hq_address_id = excluded.hq_address_id,
                    removed_at = coalesce(customer_address.removed_at, excluded.removed_at)
                where customer_address.customer_id = excluded.customer_id""")) {
            upsert.setArray(1, column(channel, "uuid", addresses, AsyncAddress::asyncAddressId));
            upsert.setArray(2, channel.createArrayOf("uuid", owners.toArray()));
            upsert.setArray(3, channel.createArrayOf("int4", positions.toArray()));
            addressColumns(upsert, 4, addresses);
            upsert.setArray(10, channel.createArrayOf("int8", hqIds.toArray()));
            upsert.setArray(11, column(channel, "bool", addresses, AsyncAddress::wasRemoved));
            upsert.executeUpdate();
        }
        // an address of the account that is this store's own customer's (one HQ linked or merged into the account):
        // the store's row stays its customer's, as the store wrote it; it learns its HQ address id
        try (PreparedStatement hqIdsOfOthers = channel.prepareStatement("""
                update customer_address a set hq_address_id = x.hq_address_id
                from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as x(id, customer_id, hq_address_id)
                where a.id = x.id and a.customer_id <> x.customer_id and x.hq_address_id is not null
                  and a.hq_address_id is distinct from x.hq_address_id
                  and not exists (select 1 from customer c where c.id = a.customer_id and c.erased_at is not null)""")) {
            hqIdsOfOthers.setArray(1, column(channel, "uuid", addresses, AsyncAddress::asyncAddressId));
            hqIdsOfOthers.setArray(2, channel.createArrayOf("uuid", owners.toArray()));
            hqIdsOfOthers.setArray(3, channel.createArrayOf("int8", hqIds.toArray()));
            hqIdsOfOthers.executeUpdate();
        }
    }
}
