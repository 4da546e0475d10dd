package io.customersync.contracts;

import java.util.UUID;

/**
 * A customer's data key: 32 random bytes for {@link PersonalDataCipher}, named by its own id (the
 * {@code keyId} of what it seals). A customer may have several (one per channel database that sealed
 * an event of it, e.g. a store editing a copy made elsewhere); all are destroyed at its erasure.
 */
public record DataKey(UUID keyId, byte[] secret) {

    public DataKey {
        Require.present(keyId, "keyId");
        Require.present(secret, "secret");
    }

    /** A new random key. */
    public static DataKey generate() {
        return new DataKey(UUID.randomUUID(), PersonalDataCipher.newKey());
    }
}
