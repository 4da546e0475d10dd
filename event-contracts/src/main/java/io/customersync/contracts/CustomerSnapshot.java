package io.customersync.contracts;

import java.util.List;
import java.util.Map;

/**
 * The customer as HQ's master has it, so that channels other than the one that created it can hold
 * a copy (address books). Addresses carry their async ids; their HQ ids are in
 * {@link CustomerSynchronized#addresses()}.
 */
public record CustomerSnapshot(
        String firstName,
        String lastName,
        String email,
        String phone,
        Map<String, String> attributes,
        List<AsyncAddress> addresses) {

    public CustomerSnapshot {
        Require.text(firstName, "customer.firstName");
        Require.text(lastName, "customer.lastName");
        attributes = Require.noNullValues(attributes, "attributes");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
}
