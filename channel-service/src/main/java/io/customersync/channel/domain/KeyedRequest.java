package io.customersync.channel.domain;

import java.util.Optional;
import java.util.UUID;

import io.customersync.channel.domain.IdempotentRequests.StoredAnswer;

/**
 * A POST creating a customer with an {@code Idempotency-Key}: its key is claimed, and its answer kept, in the
 * transaction that saves the customer (a group commit's, {@link IdempotentRequests#claim}), so no transaction
 * and no database connection waits for HQ's real-time service or for a writer.
 *
 * @param requestId the same for every retry of the request (from the channel, the key and the request): a
 *        sync mode offers it to HQ as the customer's id
 * @param answers   what the till is answered, as kept with the key
 */
public record KeyedRequest(String channelId, String key, String requestHash, UUID requestId, Answers answers) {

    /** The answers a creation keeps with its key, written as the till gets them. */
    public interface Answers {

        StoredAnswer created(CustomerCreation.Created created);

        StoredAnswer held(HeldAtHqException held);
    }

    /**
     * The key is another try's: answered before, or claimed first by a try in flight; this one saved nothing. Its
     * answer is what that try kept with the key (or a 422 if the key was used with another request).
     */
    public static class TakenException extends RuntimeException {

        private final transient StoredAnswer answer;

        /** Claimed first by another try: its answer is read once that try committed. */
        public TakenException() {
            this(null);
        }

        /** Answered before: the answer kept with the key, as read where it was found. */
        public TakenException(StoredAnswer answer) {
            super("the Idempotency-Key is another try's", null, false, false);
            this.answer = answer;
        }

        /** The answer kept with the key, if it was read when the key was found taken. */
        public Optional<StoredAnswer> answer() {
            return Optional.ofNullable(answer);
        }
    }
}
