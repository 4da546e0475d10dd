package io.customersync.distribution.domain;

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

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.SyncedAddress;

/**
 * Applies a batch of sync events to one channel database with a few set-based statements (one
 * round trip each, whatever the batch size), touching only what the channel schema's contract
 * allows. The unusual (a customer that is SYNCED there already) goes through
 * {@link ChannelDatabaseWriter} one by one, the copies' addresses {@link CopiedAddresses}. Applying the same events again
 * changes nothing.
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

    /**
     * Writes HQ's customer into its own store's rows, one statement: an async (FAILED, ON_HOLD) row
     * becomes SYNCED with its account number; with a version (docs/versions.md), HQ's fields and version
     * go in too, into a SYNCED row of the same account as well, but only over an older version (or none).
     * An event without a version (an older record) only turns a row SYNCED, as before versions. A customer that joined
     * another's account ({@code joined}) takes that account's number, data and version whatever number it had. The rows written
     * take their addresses' HQ ids in the same statement, and so does an address of the account that the store keeps
     * under another of its customers (one HQ merged into the account).
     *
     * @return the rows written: customer id to its creation time and whether it became SYNCED now
     */
    static Map<UUID, Written> updateOrigins(Connection channel, List<CustomerSynchronized> events) throws SQLException {
        List<CustomerSynchronized> newest = newestPerCustomer(events);
        Map<UUID, Written> written = new HashMap<>();
        try (PreparedStatement update = channel.prepareStatement("""
                with before as (select id, status from customer where id = any(?::uuid[])),
                synced as (
                    update customer c set status = 'SYNCED', account_number = u.account_number,
                        synced_at = case when b.status = 'SYNCED' then c.synced_at else cast(u.synced_at as timestamptz) end,
                        updated_at = now(), sync_reason = null, fields_to_fix = '[]',
                        first_name = case when u.has_data then u.first_name else c.first_name end,
                        last_name = case when u.has_data then u.last_name else c.last_name end,
                        email = case when u.has_data then u.email else c.email end,
                        phone = case when u.has_data then u.phone else c.phone end,
                        attributes = case when u.has_data then cast(u.attributes as jsonb) else c.attributes end,
                        hq_version = coalesce(u.version, c.hq_version)
                    from unnest(?::uuid[], ?::text[], ?::text[], ?::int8[], ?::bool[], ?::text[], ?::text[], ?::text[],
                                ?::text[], ?::text[], ?::bool[])
                        as u(id, account_number, synced_at, version, has_data, first_name, last_name, email, phone, attributes,
                             joined)
                    join before b on b.id = u.id
                    where c.id = u.id and c.erased_at is null and case when u.version is null then c.status <> 'SYNCED'
                        else (c.hq_version is null or c.hq_version < u.version)
                             and (c.status <> 'SYNCED' or c.account_number = u.account_number or u.joined) end
                    returning c.id, c.created_at, b.status <> 'SYNCED' as converted),
                addressed as (
                    update customer_address a set hq_address_id = x.hq_address_id
                    from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as x(id, customer_id, hq_address_id)
                    where a.id = x.id and a.hq_address_id is distinct from x.hq_address_id
                        and x.customer_id in (select id from synced))
                select id, created_at, converted, pg_notify(?, id::text) from synced""")) {
            update.setArray(1, column(channel, "uuid", newest, CustomerSynchronized::customerId));
            update.setArray(2, column(channel, "uuid", newest, CustomerSynchronized::customerId));
            update.setArray(3, column(channel, "text", newest, CustomerSynchronized::accountNumber));
            update.setArray(4, column(channel, "text", newest, s -> s.syncedAt().toString()));
            update.setArray(5, column(channel, "int8", newest, CustomerSynchronized::version));
            update.setArray(6, column(channel, "bool", newest, ChannelDatabaseBatch::hasData));
            update.setArray(7, column(channel, "text", newest, s -> hasData(s) ? s.customer().firstName() : null));
            update.setArray(8, column(channel, "text", newest, s -> hasData(s) ? s.customer().lastName() : null));
            update.setArray(9, column(channel, "text", newest, s -> hasData(s) ? s.customer().email() : null));
            update.setArray(10, column(channel, "text", newest, s -> hasData(s) ? s.customer().phone() : null));
            update.setArray(11, column(channel, "text", newest, s -> hasData(s)
                    ? new String(EventJson.write(s.customer().attributes()), StandardCharsets.UTF_8) : null));
            update.setArray(12, column(channel, "bool", newest, CustomerSynchronized::joinedAccount));
            List<SyncedAddress> addresses = new ArrayList<>();
            List<UUID> owners = new ArrayList<>();
            events.forEach(event -> event.addresses().forEach(address -> {
                addresses.add(address);
                owners.add(event.customerId());
            }));
            update.setArray(13, column(channel, "uuid", addresses, SyncedAddress::asyncAddressId));
            update.setArray(14, channel.createArrayOf("uuid", owners.toArray()));
            update.setArray(15, column(channel, "int8", addresses, SyncedAddress::hqAddressId));
            update.setString(16, ChannelDatabaseWriter.CUSTOMER_SYNCED);
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    written.put(rs.getObject(1, UUID.class), new Written(rs.getTimestamp(2).toInstant(), rs.getBoolean(3)));
                }
            }
        }
        return written;
    }

    /** A row {@link #updateOrigins} wrote: the customer's creation time, and whether it became SYNCED now. */
    record Written(Instant createdAt, boolean converted) {
    }

    /** HQ's fields go into the store's own row only with a version (an older record's order is unknown). */
    private static boolean hasData(CustomerSynchronized event) {
        return event.version() != null && event.customer() != null;
    }

    private static void applyToOrigins(Connection channel, List<CustomerSynchronized> events, List<Integer> origins,
            List<Optional<String>> results, Instant placeMissingBefore, BiConsumer<CustomerSynchronized, Instant> converted)
            throws SQLException {
        Map<UUID, Written> changed = updateOrigins(channel, origins.stream().map(events::get).toList());
        Set<UUID> told = new HashSet<>();
        for (int index : origins) {
            CustomerSynchronized event = events.get(index);
            Written written = changed.get(event.customerId());
            if (written == null) {
                // SYNCED here already, or not here (yet): one by one, which also writes its addresses (or says why not)
                results.set(index, ChannelDatabaseWriter.applyToOrigin(channel, event, placeMissingBefore, ignored -> {
                }));
                continue;
            }
            if (written.converted() && told.add(event.customerId())) {
                converted.accept(event, written.createdAt());
            }
        }
    }

    /** One event per customer (the newest), since one statement may change a row only once. */
    private static List<CustomerSynchronized> latestPerCustomer(List<CustomerSynchronized> events, List<Integer> indexes) {
        return newestPerCustomer(indexes.stream().map(events::get).filter(e -> e.customer() != null).toList());
    }

    /** Of each customer's events, the newest: the highest version, else (older records) the latest {@code syncedAt}. */
    private static List<CustomerSynchronized> newestPerCustomer(List<CustomerSynchronized> events) {
        Map<UUID, CustomerSynchronized> latest = new LinkedHashMap<>();
        for (CustomerSynchronized event : events) {
            latest.merge(event.customerId(), event, (a, b) -> newer(b, a) ? b : a);
        }
        return List.copyOf(latest.values());
    }

    private static boolean newer(CustomerSynchronized a, CustomerSynchronized b) {
        long va = a.version() == null ? 0 : a.version();
        long vb = b.version() == null ? 0 : b.version();
        return va != vb ? va > vb : a.syncedAt().isAfter(b.syncedAt());
    }

    /**
     * Places or refreshes copies of other channels' customers (same address book); an older or
     * repeated announcement changes nothing (a lower or equal version; for older records without one,
     * an earlier or equal {@code syncedAt}). With {@code copies} false, places customers in their own
     * store (as its own, not distributed), where a row already there is left as it is. A customer that joined
     * another's account ({@code joined}) is refreshed where it is and never placed.
     */
    static void place(Connection channel, List<CustomerSynchronized> events, boolean copies) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        Set<UUID> copied = new HashSet<>();
        try (PreparedStatement upsert = channel.prepareStatement("""
                insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone,
                                      attributes, status, account_number, created_at, updated_at, synced_at, distributed,
                                      hq_version)
                select id, channel_id, async_customer_number, first_name, last_name, email, phone, cast(attributes as jsonb),
                       'SYNCED', account_number, cast(synced_at as timestamptz), now(), cast(synced_at as timestamptz), %s,
                       version
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::int8[], ?::bool[])
                    as c(id, channel_id, async_customer_number, first_name, last_name, email, phone, attributes,
                         account_number, synced_at, version, joined)
                where not c.joined or exists (select 1 from customer x where x.id = c.id)
                on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name,
                    email = excluded.email, phone = excluded.phone, attributes = excluded.attributes,
                    account_number = excluded.account_number, synced_at = excluded.synced_at, updated_at = now(),
                    hq_version = coalesce(excluded.hq_version, customer.hq_version)
                where customer.distributed and customer.erased_at is null and case when excluded.hq_version is null
                    then excluded.synced_at > customer.synced_at
                    else customer.hq_version is null or customer.hq_version < excluded.hq_version end
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
            upsert.setArray(11, column(channel, "int8", events, CustomerSynchronized::version));
            upsert.setArray(12, column(channel, "bool", events, CustomerSynchronized::joinedAccount));
            try (ResultSet rs = upsert.executeQuery()) {
                while (rs.next()) {
                    copied.add(rs.getObject(1, UUID.class));
                }
            }
        }
        CopiedAddresses.write(channel, events.stream().filter(e -> copied.contains(e.customerId())).toList());
    }
}
