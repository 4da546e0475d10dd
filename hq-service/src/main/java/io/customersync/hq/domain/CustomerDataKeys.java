package io.customersync.hq.domain;

import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * The customers' data keys held at HQ (table {@code customer_data_key}, hq V13; decision 0014):
 * escrowed by the channels, used to open sealed uploads, deleted at the customer's erasure.
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

    private final EntityManager em;

    public CustomerDataKeys(EntityManager em) {
        this.em = em;
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
        String ids = uuids(keys.stream().map(Escrowed::keyId).toList());
        String customers = uuids(keys.stream().map(Escrowed::customerId).toList());
        String secrets = "{" + String.join(",", keys.stream().map(k -> HexFormat.of().formatHex(k.secret())).toList()) + "}";
        em.createNativeQuery("""
                insert into customer_data_key (key_id, customer_id, data_key, escrowed_by)
                select w.key_id, w.customer_id, decode(w.secret, 'hex'), ?4
                from unnest(cast(?1 as uuid[]), cast(?2 as uuid[]), cast(?3 as text[])) as w(key_id, customer_id, secret)
                where not exists (select 1 from customer_erasure e where e.customer_id = w.customer_id)
                on conflict (key_id) do nothing""")
                .setParameter(1, ids).setParameter(2, customers).setParameter(3, secrets).setParameter(4, escrowedBy)
                .executeUpdate();
        Number conflicts = (Number) em.createNativeQuery("""
                select count(*) from customer_data_key k
                join unnest(cast(?1 as uuid[]), cast(?2 as uuid[]), cast(?3 as text[])) as w(key_id, customer_id, secret)
                  on k.key_id = w.key_id
                where k.customer_id <> w.customer_id or k.data_key <> decode(w.secret, 'hex')""")
                .setParameter(1, ids).setParameter(2, customers).setParameter(3, secrets).getSingleResult();
        if (conflicts.intValue() > 0) {
            throw new KeyConflictException(conflicts.intValue());
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
        @SuppressWarnings("unchecked")
        List<Tuple> rows = em.createNativeQuery("""
                select key_id, customer_id, data_key from customer_data_key where key_id = any(cast(?1 as uuid[]))""",
                Tuple.class).setParameter(1, uuids(List.copyOf(keyIds))).getResultList();
        Map<UUID, Held> keys = new HashMap<>();
        rows.forEach(row -> keys.put(row.get(0, UUID.class), new Held(row.get(1, UUID.class), row.get(2, byte[].class))));
        return keys;
    }

    /** Destroys every key of the customer, in the caller's transaction (its erasure). @return how many */
    public int forget(UUID customerId) {
        return em.createNativeQuery("delete from customer_data_key where customer_id = ?1").setParameter(1, customerId)
                .executeUpdate();
    }

    private static String uuids(List<UUID> ids) {
        return "{" + String.join(",", ids.stream().map(UUID::toString).toList()) + "}";
    }
}
