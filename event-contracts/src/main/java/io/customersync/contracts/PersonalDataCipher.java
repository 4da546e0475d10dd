package io.customersync.contracts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the JDK's own provider (javax.crypto; decision 0014): seals bytes with a
 * customer's 32-byte data key ({@link DataKey}), the customer id as additional authenticated data. A
 * fresh 12-byte random IV per seal; a wrong key, a changed byte or another customer's id fails to open.
 */
public final class PersonalDataCipher {

    public static final String ALG = "A256GCM";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * One cipher per thread, initialised anew (key, IV) for each seal and open: looking the transformation up
     * among the providers each time cost more than the initialisation (bench/run --only=sealing).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    });

    private PersonalDataCipher() {
    }

    /** A new random data key for one customer. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public static SealedPart seal(DataKey key, UUID customerId, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key.secret(), iv, customerId);
            Base64.Encoder base64 = Base64.getEncoder();
            return new SealedPart(key.keyId().toString(), ALG, base64.encodeToString(iv),
                    base64.encodeToString(cipher.doFinal(plaintext)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The plaintext of a part sealed for this customer.
     *
     * @throws IllegalArgumentException if the part is not {@value #ALG} or does not open with this key
     *         for this customer (wrong key, changed bytes, sealed for another customer)
     */
    public static byte[] open(byte[] key, UUID customerId, SealedPart part) {
        if (!ALG.equals(part.alg())) {
            throw new IllegalArgumentException("sealed part: unknown alg " + part.alg());
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            return cipher(Cipher.DECRYPT_MODE, key, base64.decode(part.iv()), customerId)
                    .doFinal(base64.decode(part.ciphertext()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed part does not open with the customer's key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, UUID customerId) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("a data key has " + KEY_BYTES + " bytes");
        }
        Cipher cipher = CIPHERS.get();
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(customerId.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
