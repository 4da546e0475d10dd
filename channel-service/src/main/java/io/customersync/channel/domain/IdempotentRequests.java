package io.customersync.channel.domain;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * Makes a POST with an {@code Idempotency-Key} safe to retry: the key, a hash of the request and
 * the answer are stored in the same transaction as what the request created. A retry with the same
 * key and request gets the stored answer; the same key with another request is refused. A customer's
 * creation claims its key, with its answer, in the transaction that saves the customer ({@link #claim},
 * {@link KeyedRequest});
 * other POSTs run inside one transaction that holds the key ({@link #once}).
 */
@ApplicationScoped
public class IdempotentRequests {

    /** The answer to a POST, as stored and replayed. */
    public record StoredAnswer(int status, String location, String body) {
    }

    /** A key's row: the hash of the request it was first used with, and the answer stored for it. */
    private record StoredRequest(String requestHash, StoredAnswer answer) {

        static StoredRequest of(Tuple row) {
            return new StoredRequest(row.get("request_hash", String.class), new StoredAnswer(
                    row.get("status", Number.class).intValue(), row.get("location", String.class),
                    row.get("body", String.class)));
        }
    }

    private final EntityManager em;

    public IdempotentRequests(EntityManager em) {
        this.em = em;
    }

    /**
     * Runs {@code action} once per (channel, key); concurrent retries wait for the first to commit.
     *
     * @param requestHash a hash of the request body (and what it is aimed at)
     */
    @Transactional
    public StoredAnswer once(String channelId, String key, String requestHash, Supplier<StoredAnswer> action) {
        int inserted = em.createNativeQuery("""
                insert into idempotency_key (channel_id, idempotency_key, request_hash, status, body)
                values (?1, ?2, ?3, 0, '') on conflict do nothing""")
                .setParameter(1, channelId).setParameter(2, key).setParameter(3, requestHash)
                .executeUpdate();
        if (inserted == 0) {
            return answered(channelId, key, requestHash).orElseThrow();
        }
        StoredAnswer answer = action.get();
        em.createNativeQuery("""
                update idempotency_key set status = ?3, location = ?4, body = ?5
                where channel_id = ?1 and idempotency_key = ?2""")
                .setParameter(1, channelId).setParameter(2, key).setParameter(3, answer.status())
                .setParameter(4, answer.location()).setParameter(5, answer.body())
                .executeUpdate();
        return answer;
    }

    /**
     * The answer kept for the key, if any.
     *
     * @throws IdempotencyKeyReusedException if the key was used with another request
     */
    @Transactional
    public Optional<StoredAnswer> answered(String channelId, String key, String requestHash) {
        List<?> rows = em.createNativeQuery("""
                select request_hash, status, location, body from idempotency_key
                where channel_id = ?1 and idempotency_key = ?2""", Tuple.class)
                .setParameter(1, channelId).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        StoredRequest stored = StoredRequest.of((Tuple) rows.get(0));
        if (!requestHash.equals(stored.requestHash())) {
            throw new IdempotencyKeyReusedException();
        }
        return Optional.of(stored.answer());
    }

    /** Whether the request's key has an answer kept (a claim in flight, not committed yet, is not seen). */
    @Transactional
    public boolean answered(KeyedRequest request) {
        return !em.createNativeQuery("select 1 from idempotency_key where channel_id = ?1 and idempotency_key = ?2")
                .setParameter(1, request.channelId()).setParameter(2, request.key()).getResultList().isEmpty();
    }

    /** Keeps the answer with the request's key, unless another try kept one first. */
    @Transactional
    public void keep(KeyedRequest request, StoredAnswer answer) {
        em.createNativeQuery("""
                insert into idempotency_key (channel_id, idempotency_key, request_hash, status, location, body)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""")
                .setParameter(1, request.channelId()).setParameter(2, request.key()).setParameter(3, request.requestHash())
                .setParameter(4, answer.status()).setParameter(5, answer.location()).setParameter(6, answer.body())
                .executeUpdate();
    }

    /**
     * In the caller's transaction, claims the keys of these requests with their answers, with one statement: those
     * returned are this transaction's to save; a key another transaction claimed is not (that one's answer is kept
     * with it), nor a key claimed earlier in the list with another request. A claim another transaction holds and
     * has not committed is waited for.
     */
    public static Set<KeyedRequest> claim(Connection db, List<KeyedRequest> requests, List<StoredAnswer> answers)
            throws SQLException {
        Set<List<String>> inserted = new HashSet<>();
        try (PreparedStatement insert = db.prepareStatement("""
                insert into idempotency_key (channel_id, idempotency_key, request_hash, status, location, body)
                select * from unnest(?::varchar[], ?::varchar[], ?::char(64)[], ?::int[], ?::text[], ?::text[])
                on conflict do nothing returning channel_id, idempotency_key, request_hash""")) {
            insert.setArray(1, texts(db, requests.stream().map(KeyedRequest::channelId).toList()));
            insert.setArray(2, texts(db, requests.stream().map(KeyedRequest::key).toList()));
            insert.setArray(3, texts(db, requests.stream().map(KeyedRequest::requestHash).toList()));
            insert.setArray(4, texts(db, answers.stream().map(a -> Integer.toString(a.status())).toList()));
            insert.setArray(5, texts(db, answers.stream().map(StoredAnswer::location).toList()));
            insert.setArray(6, texts(db, answers.stream().map(StoredAnswer::body).toList()));
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    inserted.add(List.of(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        Set<KeyedRequest> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (KeyedRequest request : requests) { // the first of a key and request in the list
            if (inserted.remove(List.of(request.channelId(), request.key(), request.requestHash()))) {
                claimed.add(request);
            }
        }
        return claimed;
    }

    private static Array texts(Connection db, List<String> values) throws SQLException {
        return db.createArrayOf("text", values.toArray());
    }
}
