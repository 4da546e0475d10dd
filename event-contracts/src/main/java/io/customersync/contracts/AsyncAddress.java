package io.customersync.contracts;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An address created at the channel, identified by its async address id until HQ gives it an HQ address id.
 * {@code removed} (since 2026-12-06, written only when true; read as null or true): its store removed it; it stays in HQ's list, in its
 * place, because sales and orders name it and the stores place a customer's addresses by their order in that list.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // read over HTTP too (HQ's real-time service): fields added compatibly
public record AsyncAddress(
        UUID asyncAddressId,
        String street,
        String city,
        String state,
        String zip,
        String country,
        String purpose,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean removed) {

    public AsyncAddress(UUID asyncAddressId, String street, String city, String state, String zip, String country,
            String purpose) {
        this(asyncAddressId, street, city, state, zip, country, purpose, null);
    }

    public AsyncAddress {
        Require.present(asyncAddressId, "asyncAddressId");
        removed = Boolean.TRUE.equals(removed) ? Boolean.TRUE : null; // a live address is written as before
    }

    /** Whether its store removed it (not a bean getter: JSON has {@code removed} alone). */
    public boolean wasRemoved() {
        return removed != null;
    }

    /** The same address, removed by its store. */
    public AsyncAddress asRemoved() {
        return new AsyncAddress(asyncAddressId, street, city, state, zip, country, purpose, true);
    }
}
