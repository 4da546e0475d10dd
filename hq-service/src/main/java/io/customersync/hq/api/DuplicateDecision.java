package io.customersync.hq.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.customersync.hq.domain.DuplicateReview;

/** Ops' decision about a possible duplicate, flagged or held. */
public record DuplicateDecision(@NotNull Decision decision, @Size(max = 32) String accountNumber) {

    public enum Decision {
        /** someone new: a held customer gets its own account number, a flagged one keeps its own */
        KEEP_SEPARATE,
        /** the earlier name of KEEP_SEPARATE, still accepted */
        NEW_ACCOUNT,
        /**
         * the customer with {@code accountNumber} (default: the one the rule matched): a held customer gets
         * that account number, a flagged one is merged into it
         */
        LINK
    }

    DuplicateReview.Decision toDomain() {
        return decision == Decision.LINK ? DuplicateReview.Decision.LINK : DuplicateReview.Decision.KEEP_SEPARATE;
    }
}
