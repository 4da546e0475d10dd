package io.customersync.channel.domain;

import java.util.List;
import java.util.Map;

/** A customer to create at the channel: what the till or storefront knows of them. */
public record NewCustomer(String firstName, String lastName, String email, String phone, List<NewAddress> addresses,
        Map<String, String> attributes) {

    /** No addresses or attributes given: none. */
    public NewCustomer {
        addresses = addresses == null ? List.of() : addresses;
        attributes = attributes == null ? Map.of() : attributes;
    }
}
