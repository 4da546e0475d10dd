package io.customersync.distribution.domain;

import static io.customersync.messaging.SqlArrays.addressColumns;
import static io.customersync.messaging.SqlArrays.column;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;

/**
 * Applies a batch of sync events to one channel database with a few set-based statements (one
 * round trip each, whatever the batch size), touching only what the channel schema's contract
 * allows. The unusual (a customer that is SYNCED there already) goes through
 * {@link ChannelDatabaseWriter} one by one. Applying the same events again changes nothing.
 * <p>
 * With {@link ChannelDatabaseWriter}, distribution's owner of the writes into a channel database (the
 * 1010 job's account writer, hot path): {@code customer} (its own ASYNC, FAILED or ON_HOLD customers become SYNCED with
 * their account numbers; copies of its address book's customers are placed or refreshed) and
 * {@code customer_address} (HQ's address ids; the copies' addresses), and the {@code customer_synced}
 * NOTIFY. Reads of the channel's backlog are {@link ChannelBacklog}'s; nothing else runs SQL on a
 * channel database.
 */
public final class ChannelDatabaseBatch {

    private ChannelDatabaseBatch() {
    }

    /**
     * @param placeMissingBefore a customer missing from its own store that HQ synced before this is
     *        placed there (see {@link ChannelDatabaseWriter#applyToOrigin})
     * @param converted told each async customer that became SYNCED now, with its creation time
     * @return each event's outcome, in the same order: empty when applied, else why not
     */
    public static List<Optional<String>> apply(Connection channel, String channelId, List<CustomerSynchronized> events,
            Instant placeMissingBefore, BiConsumer<CustomerSynchronized, Instant> converted) throws SQLException {
        List<Optional<String>> results = new ArrayList<>(Collections.nCopies(events.size(), Optional.empty()));
        List<Integer> origins = new ArrayList<>();
        List<Integer> copies = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            (events.get(i).originChannelId().equals(channelId) ? origins : copies).add(i);
        }
        if (!origins.isEmpty()) {
            applyToOrigins(channel, events, origins, results, placeMissingBefore, converted);
        }
        if (!copies.isEmpty()) {
            place(channel, latestPerCustomer(events, copies), true);
        }
        return results;
    }

    private static void applyToOrigins(Connection channel, List<CustomerSynchronized> events, List<Integer> origins,
            List<Optional<String>> results, Instant placeMissingBefore, BiConsumer<CustomerSynchronized, Instant> converted)
            throws SQLException {
        List<CustomerSynchronized> synced = origins.stream().map(events::get).toList();
        Map<UUID, Instant> changed = new HashMap<>();
        try (PreparedStatement update = channel.prepareStatement("""
                with synced as (
                    update customer c set status = 'SYNCED', account_number = u.account_number,
                        synced_at = cast(u.synced_at as timestamptz), updated_at = now(), sync_reason = null,
                        fields_to_fix = '[]'
                    from unnest(?::uuid[], ?::text[], ?::text[]) as u(id, account_number, synced_at)
                    where c.id = u.id and c.status <> 'SYNCED'
                    returning c.id, c.created_at)
                select id, created_at, pg_notify(?, id::text) from synced""")) {
            update.setArray(1, column(channel, "uuid", synced, CustomerSynchronized::customerId));
            update.setArray(2, column(channel, "text", synced, CustomerSynchronized::accountNumber));
            update.setArray(3, column(channel, "text", synced, s -> s.syncedAt().toString()));
            update.setString(4, ChannelDatabaseWriter.CUSTOMER_SYNCED);
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    changed.put(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant());
                }
            }
        }
        Set<UUID> told = new HashSet<>();
        List<SyncedAddress> addresses = new ArrayList<>();
        List<UUID> owners = new ArrayList<>();
        for (int index : origins) {
            CustomerSynchronized event = events.get(index);
            Instant createdAt = changed.get(event.customerId());
            if (createdAt == null) {
                // SYNCED here already, or not here (yet): one by one, which also writes its addresses (or says why not)
                results.set(index, ChannelDatabaseWriter.applyToOrigin(channel, event, placeMissingBefore, ignored -> {
                }));
                continue;
            }
            if (told.add(event.customerId())) {
                converted.accept(event, createdAt);
            }
            event.addresses().forEach(address -> {
                addresses.add(address);
                owners.add(event.customerId());
            });
        }
        if (!addresses.isEmpty()) {
            try (PreparedStatement update = channel.prepareStatement("""
                    update customer_address a set hq_address_id = u.hq_address_id
                    from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as u(id, customer_id, hq_address_id)
                    where a.id = u.id and a.customer_id = u.customer_id and a.hq_address_id is distinct from u.hq_address_id""")) {
                update.setArray(1, column(channel, "uuid", addresses, SyncedAddress::asyncAddressId));
                update.setArray(2, channel.createArrayOf("uuid", owners.toArray()));
                update.setArray(3, column(channel, "int8", addresses, SyncedAddress::hqAddressId));
                update.executeUpdate();
            }
        }
    }

    /** One event per customer (the newest), since one statement may change a row only once. */
    private static List<CustomerSynchronized> latestPerCustomer(List<CustomerSynchronized> events, List<Integer> indexes) {
        Map<UUID, CustomerSynchronized> latest = new LinkedHashMap<>();
        for (int index : indexes) {
            CustomerSynchronized event = events.get(index);
            if (event.customer() != null) {
                latest.merge(event.customerId(), event, (a, b) -> b.syncedAt().isAfter(a.syncedAt()) ? b : a);
            }
        }
        return List.copyOf(latest.values());
    }

    /**
     * Places or refreshes copies of other channels' customers (same address book); an older or
     * repeated announcement changes nothing. With {@code copies} false, places customers in their own
     * store (as its own, not distributed), where a row already there is left as it is.
     */
    static void place(Connection channel, List<CustomerSynchronized> events, boolean copies) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Set<UUID> copied = new HashSet<>();
        try (PreparedStatement upsert = channel.prepareStatement("""
                insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                      attributes, status, account_number, created_at, updated_at, synced_at, distributed)
                select id, channel_id, async_customer_number, first_name, last_name, email, phone, cast(attributes as jsonb),
                       'SYNCED', account_number, cast(synced_at as timestamptz), now(), cast(synced_at as timestamptz), %s
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[])
                    as c(id, channel_id, async_customer_number, first_name, last_name, email, phone, attributes,
                         account_number, synced_at)
                on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
                    email = excluded.email, phone = excluded.phone, attributes = excluded.attributes,
                    account_number = excluded.account_number, synced_at = excluded.synced_at, updated_at = now()
                where customer.distributed and excluded.synced_at > customer.synced_at
                returning id""".formatted(copies))) {
            upsert.setArray(1, column(channel, "uuid", events, CustomerSynchronized::customerId));
            upsert.setArray(2, column(channel, "text", events, CustomerSynchronized::originChannelId));
            upsert.setArray(3, column(channel, "text", events, CustomerSynchronized::asyncCustomerNumber));
            upsert.setArray(4, column(channel, "text", events, e -> e.customer().firstName()));
            upsert.setArray(5, column(channel, "text", events, e -> e.customer().lastName()));
            upsert.setArray(6, column(channel, "text", events, e -> e.customer().email()));
            upsert.setArray(7, column(channel, "text", events, e -> e.customer().phone()));
            upsert.setArray(8, column(channel, "text", events,
                    e -> new String(EventJson.write(e.customer().attributes()), StandardCharsets.UTF_8)));
            upsert.setArray(9, column(channel, "text", events, CustomerSynchronized::accountNumber));
            upsert.setArray(10, column(channel, "text", events, e -> e.syncedAt().toString()));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    copied.add(rs.getObject(1, UUID.class));
                }
            }
        }
        copyAddresses(channel, events.stream().filter(e -> copied.contains(e.customerId())).toList());
    }

    private static void copyAddresses(Connection channel, List<CustomerSynchronized> events) throws SQLException {
        List<AsyncAddress> addresses = new ArrayList<>();
        List<Object> owners = new ArrayList<>();
        List<Object> positions = new ArrayList<>();
        List<Object> hqIds = new ArrayList<>();
        for (CustomerSynchronized event : events) {
            Map<UUID, Long> hq = new HashMap<>();
            event.addresses().forEach(a -> hq.put(a.asyncAddressId(), a.hqAddressId()));
            List<AsyncAddress> own = event.customer().addresses();
            for (int position = 0; position < own.size(); position++) {
                addresses.add(own.get(position));
                owners.add(event.customerId());
                positions.add(position);
                hqIds.add(hq.get(own.get(position).asyncAddressId()));
            }
        }
        if (addresses.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = channel.prepareStatement("""
                insert into customer_address (id, customer_id, position, street, city, state, zip, country, purpose,
                                              hq_address_id)
                select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                     ?::text[], ?::bigint[])
                on conflict (id) do update set position = excluded.position, street = excluded.street,
                    city = excluded.city, state = excluded.state, zip = excluded.zip, country = excluded.country,
                    purpose = excluded.purpose, hq_address_id = excluded.hq_address_id""")) {
            upsert.setArray(1, column(channel, "uuid", addresses, AsyncAddress::asyncAddressId));
            upsert.setArray(2, channel.createArrayOf("uuid", owners.toArray()));
            upsert.setArray(3, channel.createArrayOf("int4", positions.toArray()));
            addressColumns(upsert, 4, addresses);
            upsert.setArray(10, channel.createArrayOf("int8", hqIds.toArray()));
            upsert.executeUpdate();
        }
    }
}
