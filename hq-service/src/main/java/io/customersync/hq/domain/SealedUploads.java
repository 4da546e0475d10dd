package io.customersync.hq.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.SealableEvent;
import io.customersync.contracts.SealedEvents;

/**
 * Opens sealed uploads with the customer's data key HQ holds (decision 9001). A plaintext upload (an
 * older channel, a replay of old records) is taken as it is.
 */
@ApplicationScoped
public class SealedUploads {

    /** HQ holds no key for a sealed upload of a customer that is not erased: the key is on its way. */
    public static class KeyNotHeldYetException extends RuntimeException {
        public KeyNotHeldYetException(SealableEvent event) {
            super("no data key " + event.sealed().keyId() + " of customer " + event.customerId()
                    + " yet: the channel escrows it before it publishes, so it is retried");
        }
    }

    private final CustomerDataKeys keys;
    private final CustomerErasures erasures;

    public SealedUploads(CustomerDataKeys keys, CustomerErasures erasures) {
        this.keys = keys;
        this.erasures = erasures;
    }

    /**
     * The upload with its personal fields; empty if it is sealed and its customer was erased (its key is
     * destroyed: refused, never revived).
     *
     * @throws IllegalArgumentException the sealed part does not open (not the customer's, changed): poison
     * @throws KeyNotHeldYetException the key is not at HQ yet: a passing failure, retried
     */
    public <T extends SealableEvent> Optional<T> open(T event) {
        Optional<java.util.UUID> keyId = SealedEvents.keyId(event);
        if (keyId.isEmpty()) {
            return Optional.of(event);
        }
        Optional<byte[]> secret = keys.secretOf(keyId.get(), event.customerId());
        if (secret.isPresent()) {
            return Optional.of(SealedEvents.open(event, secret.get()));
        }
        if (erasures.erased(event.customerId())) {
            return Optional.empty();
        }
        throw new KeyNotHeldYetException(event);
    }
}
