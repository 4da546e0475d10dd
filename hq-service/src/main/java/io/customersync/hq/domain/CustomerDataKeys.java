package io.customersync.hq.domain;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.customersync.contracts.DataKey;
import io.customersync.messaging.DataKeyStatements;

/**
 * The customers' data keys held at HQ (table {@code customer_data_key}, hq V13; decision 0014):
 * escrowed by the channels, used to open sealed uploads; HQ seals its sync events with one of them
 * (or with the one key it makes for a customer that has none, hq V14); read by distribution to open those;
 * deleted at the customer's erasure.
 */
@ApplicationScoped
public class CustomerDataKeys {

    /** A key a channel escrows: its id, its customer, its 32 bytes. */
    public record Escrowed(UUID keyId, UUID customerId, byte[] secret) {
    }

    /** A key id HQ holds already with another customer or other bytes. */
    public static class KeyConflictException extends RuntimeException {
        public KeyConflictException(int keys) {
            super(keys + " of the keys are held already with another customer or other bytes");
        }
    }

    /**
     * Each customer's key to seal with: its HQ-made key, else the first key a channel escrowed, else a key
     * made now (at most one per customer: a concurrent maker's key is taken instead).
     */
    private static final String SEALING_KEYS = """
            with wanted as (select * from unnest(?::uuid[], ?::uuid[], ?::text[]) as w(customer_id, key_id, secret)),
            held as (select distinct on (k.customer_id) k.customer_id, k.key_id, k.data_key
                     from customer_data_key k join wanted w on w.customer_id = k.customer_id
                     order by k.customer_id, k.made_at_hq desc, k.escrowed_at, k.key_id),
            made as (insert into customer_data_key (key_id, customer_id, data_key, escrowed_by, made_at_hq)
                     select w.key_id, w.customer_id, decode(w.secret, 'hex'), 'hq', true from wanted w
                     where not exists (select 1 from held h where h.customer_id = w.customer_id)
                     on conflict (customer_id) where made_at_hq do update set made_at_hq = true
                     returning customer_id, key_id, data_key)
            select customer_id, key_id, data_key from held
            union all
            select customer_id, key_id, data_key from made""";

    private final HqDatabase database;

    public CustomerDataKeys(HqDatabase database) {
        this.database = database;
    }

    /**
     * Keeps the keys, in one transaction; a key HQ holds already is taken again (idempotent). A key of an
     * erased customer is not kept: the events it sealed stay unreadable, as the erasure meant.
     *
     * @throws KeyConflictException a key id is held with another customer or other bytes (nothing kept)
     */
    @Transactional
    public void escrow(List<Escrowed> keys, String escrowedBy) {
        if (keys.isEmpty()) {
            return;
        }
        HqDatabase.Array ids = uuids(keys.stream().map(Escrowed::keyId).toList());
        HqDatabase.Array customers = uuids(keys.stream().map(Escrowed::customerId).toList());
        HqDatabase.Array secrets = new HqDatabase.Array("text",
                keys.stream().map(k -> HexFormat.of().formatHex(k.secret())).toList());
        database.update("""
                insert into customer_data_key (key_id, customer_id, data_key, escrowed_by)
                select w.key_id, w.customer_id, decode(w.secret, 'hex'), ?
                from unnest(?::uuid[], ?::uuid[], ?::text[]) as w(key_id, customer_id, secret)
                where not exists (select 1 from customer_erasure e where e.customer_id = w.customer_id)
                on conflict (key_id) do nothing""", escrowedBy, ids, customers, secrets);
        long conflicts = database.count("""
                select count(*) from customer_data_key k
                join unnest(?::uuid[], ?::uuid[], ?::text[]) as w(key_id, customer_id, secret)
                  on k.key_id = w.key_id
                where k.customer_id <> w.customer_id or k.data_key <> decode(w.secret, 'hex')""", ids, customers, secrets);
        if (conflicts > 0) {
            throw new KeyConflictException((int) conflicts);
        }
    }

    /** A key HQ holds: its customer and its bytes. */
    public record Held(UUID customerId, byte[] secret) {
    }

    /** The keys of these ids HQ holds, with one query (a poll's uploads). */
    public Map<UUID, Held> held(Collection<UUID> keyIds) {
        if (keyIds.isEmpty()) {
            return Map.of();
        }
        return database.list("select key_id, customer_id, data_key from customer_data_key where key_id = any(?)",
                rs -> Map.entry(rs.getObject(1, UUID.class), new Held(rs.getObject(2, UUID.class), rs.getBytes(3))),
                uuids(List.copyOf(keyIds))).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** A key a channel escrowed, handed to distribution ahead of the records it will seal (decision 0018). */
    public record Ahead(UUID keyId, UUID customerId, byte[] secret, Instant escrowedAt) {
    }

    /**
     * Up to {@code max} keys the channels escrowed after {@code after} (oldest first), or, with no {@code after},
     * the {@code max} escrowed last; never an HQ-made key (made when its first record is sealed, never ahead).
     */
    public List<Ahead> escrowedAfter(Instant after, int max) {
        HqDatabase.Row<Ahead> ahead = rs -> new Ahead(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                rs.getBytes(3), HqDatabase.instant(rs, 4));
        return after == null ? database.list("""
                select key_id, customer_id, data_key, escrowed_at from customer_data_key where not made_at_hq
                order by escrowed_at desc limit ?""", ahead, max) : database.list("""
                select key_id, customer_id, data_key, escrowed_at from customer_data_key
                where not made_at_hq and escrowed_at > ? order by escrowed_at limit ?""", ahead, after, max);
    }

    /**
     * The key to seal each customer's sync events with (hq V14), on the connection of the caller's
     * transaction: a key made here commits with the first outbox row it seals, or not at all.
     */
    public Map<UUID, DataKey> sealingKeys(Connection db, Collection<UUID> customerIds) throws SQLException {
        return DataKeyStatements.takeOrMake(db, SEALING_KEYS, customerIds);
    }

    /** A key made ahead that a channel gives back: no customer ever took it (decision 0018). */
    public record Unused(UUID keyId, UUID customerId) {
    }

    /**
     * Forgets keys a channel made ahead and gives back unused (its channel-service stopping): only keys that
     * channel escrowed, with those customer ids, whose customer HQ has not seen (nothing staged, no customer);
     * any other is kept. That is all HQ can check: a customer whose upload is still on its way is not seen yet,
     * so the channel gives back only keys it never gave to a customer. @return how many were forgotten
     */
    @Transactional
    public int forgetUnused(List<Unused> keys, String escrowedBy) {
        if (keys.isEmpty()) {
            return 0;
        }
        return database.update("""
                delete from customer_data_key k
                using unnest(?::uuid[], ?::uuid[]) as u(key_id, customer_id)
                where k.key_id = u.key_id and k.customer_id = u.customer_id and k.escrowed_by = ?
                  and not exists (select 1 from async_customer_staging s where s.customer_id = k.customer_id)
                  and not exists (select 1 from customer c where c.customer_id = k.customer_id)""",
                uuids(keys.stream().map(Unused::keyId).toList()), uuids(keys.stream().map(Unused::customerId).toList()),
                escrowedBy);
    }

    /** Destroys every key of the customer, in the caller's transaction (its erasure). @return how many */
    public int forget(UUID customerId) {
        return database.update("delete from customer_data_key where customer_id = ?", customerId);
    }

    private static HqDatabase.Array uuids(List<UUID> ids) {
        return new HqDatabase.Array("uuid", ids);
    }
}
