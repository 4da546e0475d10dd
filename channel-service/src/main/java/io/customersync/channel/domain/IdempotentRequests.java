package io.customersync.channel.domain;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * Makes a POST with an {@code Idempotency-Key} safe to retry: the key, a hash of the request and
 * the answer are stored in the same transaction as what the request created. A retry with the same
 * key and request gets the stored answer; the same key with another request is refused.
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
            StoredRequest stored = StoredRequest.of((Tuple) em.createNativeQuery("""
                    select request_hash, status, location, body from idempotency_key
                    where channel_id = ?1 and idempotency_key = ?2""", Tuple.class)
                    .setParameter(1, channelId).setParameter(2, key).getSingleResult());
            if (!requestHash.equals(stored.requestHash())) {
                throw new IdempotencyKeyReusedException();
            }
            return stored.answer();
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
}
