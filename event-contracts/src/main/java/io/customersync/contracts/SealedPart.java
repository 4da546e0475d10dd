package io.customersync.contracts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The personal fields of an event, encrypted with the customer's data key (crypto-shredding,
 * docs/privacy.md): {@code keyId} names the customer's {@link DataKey} that sealed it (the customer id
 * is the additional authenticated data, so a sealed part cannot be moved to another customer),
 * {@code alg} {@value PersonalDataCipher#ALG},
 * {@code iv} and {@code ciphertext} (with its 16-byte tag) in base64. Only a holder of the key reads it.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // read over HTTP too (HQ's real-time service): fields added compatibly
public record SealedPart(String keyId, String alg, String iv, String ciphertext) {

    public SealedPart {
        Require.text(keyId, "sealed.keyId");
        Require.text(alg, "sealed.alg");
        Require.text(iv, "sealed.iv");
        Require.text(ciphertext, "sealed.ciphertext");
    }
}
