package io.customersync.channel.domain;

import java.util.List;

/**
 * HQ's safe for the customers' data keys (decision 0014): once it took a key, HQ opens the events
 * that key sealed. Implemented over HTTP by {@code client.KeyEscrowClient}.
 */
public interface KeyEscrow {

    /**
     * Hands the keys to HQ; idempotent (a key HQ holds already is taken again).
     *
     * @throws NotTakenException if HQ did not take them (no answer, or any refusal: the keys stay
     *         pending and the events they sealed wait)
     */
    void escrow(List<CustomerDataKeys.PendingKey> keys);

    /**
     * Gives HQ back keys made ahead that no customer took (decision 0018), for HQ to forget; how many it forgot.
     *
     * @throws NotTakenException if HQ did not answer or refused (it keeps them)
     */
    int giveBack(List<CustomerDataKeys.MadeAhead> keys);

    /** HQ did not take the keys; why, without any key. */
    class NotTakenException extends RuntimeException {
        public NotTakenException(String reason, Throwable cause) {
            super("HQ did not take the data keys: " + reason, cause);
        }
    }
}
