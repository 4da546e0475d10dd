package io.customersync.channel.domain;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
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

        static StoredRequest of(ResultSet row) throws SQLException {
            return new StoredRequest(row.getString(1), new StoredAnswer(row.getInt(2), row.getString(3),
                    row.getString(4)));
        }
    }

    /** The status of a key reserved for a sync-mode customer's request whose answer is not kept yet. */
    static final int RESERVED = 0;
    /** The status erase_customer gives a stored answer of an erased customer (channel-schema V14). */
    private static final int ERASED = 410;

    /** A key for a request, its answer to come (in this transaction, or, reserved, in the one saving the customer). */
    private static final String RESERVE = """
            insert into idempotency_key (channel_id, idempotency_key, request_hash, status, body)
            values (?, ?, ?, ?, '') on conflict do nothing""";

    /** Of an insert of answers ({@code as k}): a key reserved for the same request takes its answer. */
    private static final String OR_TAKE_RESERVED = """
            on conflict (channel_id, idempotency_key) do update
                set status = excluded.status, location = excluded.location, body = excluded.body
                where k.status = %d and k.request_hash = excluded.request_hash""".formatted(RESERVED);

    private final ChannelDatabase database;

    public IdempotentRequests(ChannelDatabase database) {
        this.database = database;
    }

    /**
     * Runs {@code action} once per (channel, key); concurrent retries wait for the first to commit.
     *
     * @param requestHash a hash of the request body (and what it is aimed at)
     */
    @Transactional
    public StoredAnswer once(String channelId, String key, String requestHash, Supplier<StoredAnswer> action) {
        int inserted = database.update(RESERVE, channelId, key, requestHash, RESERVED);
        if (inserted == 0) { // another request's key (422), or a sync-mode customer's try still reserving it
            return answered(channelId, key, requestHash).orElseThrow(
                    () -> new TryLaterException("another try of this request is being answered; try again", null));
        }
        StoredAnswer answer = action.get();
        database.update("""
                update idempotency_key set status = ?, location = ?, body = ?
                where channel_id = ? and idempotency_key = ?""", answer.status(), answer.location(), answer.body(),
                channelId, key);
        return answer;
    }

    /**
     * The answer kept for the key, if any.
     *
     * @throws IdempotencyKeyReusedException if the key was used with another request
     */
    @Transactional
    public Optional<StoredAnswer> answered(String channelId, String key, String requestHash) {
        StoredRequest stored = database.first("""
                select request_hash, status, location, body from idempotency_key
                where channel_id = ? and idempotency_key = ?""", StoredRequest::of, channelId, key);
        if (stored == null) {
            return Optional.empty();
        }
        // an erased customer's answer (channel V14) kept no hash of its request (V21): any try with its key is a 410
        if (stored.answer().status() != ERASED && !requestHash.equals(stored.requestHash())) {
            throw new IdempotencyKeyReusedException();
        }
        return stored.answer().status() == RESERVED ? Optional.empty() : Optional.of(stored.answer());
    }

    /**
     * The answer kept with the request's key, if any (a claim in flight, not committed yet, is not seen).
     *
     * @throws IdempotencyKeyReusedException if the key was used with another request
     */
    @Transactional
    public Optional<StoredAnswer> answered(KeyedRequest request) {
        return answered(request.channelId(), request.key(), request.requestHash());
    }

    /**
     * A sync mode's customer, before HQ is asked: reserves the key for this request, committed at once, so that a
     * try of the key with another request, sent at the same moment, is refused here (422) instead of becoming a
     * second customer at HQ. A try of the same request goes on: it offers HQ the same customer (decision 0021), and
     * the transaction that saves the customer claims the reserved key ({@link #claim}).
     *
     * @throws KeyedRequest.TakenException if the key has an answer kept (it travels with the exception)
     * @throws IdempotencyKeyReusedException if the key was used, or is reserved, with another request
     */
    @Transactional
    public void reserve(KeyedRequest request) {
        int reserved = database.update(RESERVE, request.channelId(), request.key(), request.requestHash(), RESERVED);
        if (reserved == 0) {
            Optional<StoredAnswer> answered = answered(request);
            if (answered.isPresent()) {
                throw new KeyedRequest.TakenException(answered.get());
            }
        }
    }

    /**
     * Gives a reserved key back when its request saved nothing anywhere (HQ refused the customer): the till may send
     * a corrected request with it. A key whose answer is kept stays.
     */
    @Transactional
    public void release(KeyedRequest request) {
        database.update("""
                delete from idempotency_key
                where channel_id = ? and idempotency_key = ? and request_hash = ? and status = ?""",
                request.channelId(), request.key(), request.requestHash(), RESERVED);
    }

    /** Keeps the answer with the request's key (reserved for it, or not yet), unless another try kept one first. */
    @Transactional
    public void keep(KeyedRequest request, StoredAnswer answer) {
        database.update("""
                insert into idempotency_key as k (channel_id, idempotency_key, request_hash, status, location, body)
                values (?, ?, ?, ?, ?, ?)
                """ + OR_TAKE_RESERVED, request.channelId(), request.key(), request.requestHash(), answer.status(),
                answer.location(), answer.body());
    }

    /**
     * In the caller's transaction, claims the keys of these requests with their answers, with one statement: those
     * returned are this transaction's to save; a key another transaction claimed is not (that one's answer is kept
     * with it), nor a key claimed earlier in the list. A key reserved for the same request ({@link #reserve}) is
     * claimed. A claim another transaction holds and has not committed is waited for.
     */
    public static Set<KeyedRequest> claim(Connection db, List<KeyedRequest> requests, List<StoredAnswer> answers)
            throws SQLException {
        // one row a key: an upsert may not meet its own row twice (a key's later tries in the list are not claimed)
        Set<List<String>> keys = new HashSet<>();
        List<Integer> firsts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (keys.add(List.of(requests.get(i).channelId(), requests.get(i).key()))) {
                firsts.add(i);
            }
        }
        requests = firsts.stream().map(requests::get).toList();
        answers = firsts.stream().map(answers::get).toList();
        Set<List<String>> inserted = new HashSet<>();
        try (PreparedStatement insert = db.prepareStatement("""
                insert into idempotency_key as k (channel_id, idempotency_key, request_hash, status, location, body)
                select * from unnest(?::varchar[], ?::varchar[], ?::char(64)[], ?::int[], ?::text[], ?::text[])
                """ + OR_TAKE_RESERVED + " returning channel_id, idempotency_key, request_hash")) {
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
