package io.customersync.hq.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.SealableEvent;
import io.customersync.contracts.SealedEvents;

/**
 * Opens sealed uploads with the customer's data key HQ holds (decision 0014). A plaintext upload (an
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

    /** Opens the uploads of one poll with the keys read for them at once. */
    public final class Opener {

        private final Map<UUID, CustomerDataKeys.Held> held;

        private Opener(Map<UUID, CustomerDataKeys.Held> held) {
            this.held = held;
        }

        /**
         * The upload with its personal fields; empty if it is sealed and its customer was erased (its key
         * is destroyed: refused, never revived).
         *
         * @throws IllegalArgumentException the sealed part does not open (not the customer's, changed): poison
         * @throws KeyNotHeldYetException the key is not at HQ yet: a passing failure, retried
         */
        public <T extends SealableEvent> Optional<T> open(T event) {
            Optional<UUID> keyId = SealedEvents.keyId(event);
            if (keyId.isEmpty()) {
                return Optional.of(event);
            }
            CustomerDataKeys.Held key = held.get(keyId.get());
            if (key != null && key.customerId().equals(event.customerId())) {
                return Optional.of(SealedEvents.open(event, key.secret()));
            }
            if (erasures.erased(event.customerId())) {
                return Optional.empty();
            }
            throw new KeyNotHeldYetException(event);
        }
    }

    private final CustomerDataKeys keys;
    private final CustomerErasures erasures;

    public SealedUploads(CustomerDataKeys keys, CustomerErasures erasures) {
        this.keys = keys;
        this.erasures = erasures;
    }

    /** An opener for these payloads (any type: only sealed ones need a key), their keys read with one query. */
    public Opener opener(Collection<?> payloads) {
        return new Opener(keys.held(payloads.stream().filter(SealableEvent.class::isInstance)
                .map(p -> keyIdOf((SealableEvent) p)).filter(Objects::nonNull).toList()));
    }

    /** The key id, or null for a plaintext event or one whose key id is malformed ({@link Opener#open} refuses it). */
    private static UUID keyIdOf(SealableEvent event) {
        try {
            return SealedEvents.keyId(event).orElse(null);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
