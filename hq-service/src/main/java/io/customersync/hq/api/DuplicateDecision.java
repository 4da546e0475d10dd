package io.customersync.hq.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Ops' decision about a customer held as a possible duplicate. */
public record DuplicateDecision(@NotNull Decision decision, @Size(max = 32) String accountNumber) {

    public enum Decision {
        /** it is someone new: give it its own account number */
        NEW_ACCOUNT,
        /** it is the customer with {@code accountNumber}: give it that one */
        LINK
    }
}
