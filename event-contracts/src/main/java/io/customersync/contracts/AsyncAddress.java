package io.customersync.contracts;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** An address created at the channel, identified by its async address id until HQ gives it an HQ address id. */
@JsonIgnoreProperties(ignoreUnknown = true) // read over HTTP too (HQ's real-time service): fields added compatibly
public record AsyncAddress(
        UUID asyncAddressId,
        String street,
        String city,
        String state,
        String zip,
        String country,
        String purpose) {

    public AsyncAddress {
        Require.present(asyncAddressId, "asyncAddressId");
    }
}
