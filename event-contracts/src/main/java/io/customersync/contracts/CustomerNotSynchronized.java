package io.customersync.contracts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * HQ did not give an async customer its account number, and says why: it refused the customer as
 * it is ({@code FAILED}: {@code reasonCode} and the names of the fields to fix, never their values),
 * or holds it as a possible duplicate under review ({@code ON_HOLD}). Published by hq-service's
 * outbox on the sync topic, keyed by {@code customerId} like {@link CustomerSynchronized}, which
 * follows once the customer is numbered (after a store edit or an ops decision) and always wins:
 * distribution-service never lets this status replace SYNCED in the origin's channel database, and
 * of two of these the later {@code decidedAt} wins.
 */
public record CustomerNotSynchronized(
        UUID customerId,
        String originChannelId,
        String asyncCustomerNumber,
        Status status,
        String reasonCode,
        List<String> fieldsToFix,
        Instant decidedAt) {

    /** Where the customer is at HQ. */
    public enum Status {
        /** refused as it is: a store edit of the fields to fix re-stages it, and HQ retries by itself */
        FAILED,
        /** a possible duplicate waiting for an ops decision */
        ON_HOLD
    }

    /** Reason code: fields HQ requires are missing ({@code fieldsToFix} names them). */
    public static final String REQUIRED_FIELDS_MISSING = "REQUIRED_FIELDS_MISSING";
    /** Reason code: held as a possible duplicate of a customer of the master, under review. */
    public static final String POSSIBLE_DUPLICATE = "POSSIBLE_DUPLICATE";
    /** Reason code: refused by another rule of HQ's. */
    public static final String REFUSED = "REFUSED";

    public CustomerNotSynchronized {
        Require.present(customerId, "customerId");
        Require.text(originChannelId, "originChannelId");
        Require.text(asyncCustomerNumber, "asyncCustomerNumber");
        Require.present(status, "status");
        Require.text(reasonCode, "reasonCode");
        Require.present(decidedAt, "decidedAt");
        fieldsToFix = fieldsToFix == null ? List.of() : List.copyOf(fieldsToFix);
    }
}
