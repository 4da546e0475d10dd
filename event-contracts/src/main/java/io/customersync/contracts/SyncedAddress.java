package io.customersync.contracts;

import java.util.UUID;

/** The HQ address id that HQ gave to an async address. */
public record SyncedAddress(UUID asyncAddressId, long hqAddressId) {

    public SyncedAddress {
        Require.present(asyncAddressId, "asyncAddressId");
    }
}
