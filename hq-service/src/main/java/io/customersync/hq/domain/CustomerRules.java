package io.customersync.hq.domain;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;


import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.hq.config.HqConfig;

/**
 * What HQ requires of a customer before it gets an account number, beyond what the channel already
 * checked ({@code hq.customer.required-fields}: email, phone, address). A customer that does not
 * meet them fails synchronization, and ops can edit and retry it.
 */
@Singleton
public class CustomerRules {

    private final List<String> requiredFields;

    public CustomerRules(HqConfig config) {
        this.requiredFields = config.customer().requiredFields().orElse(List.of());
    }

    /** @throws SyncRefusedException naming every missing field (names only, never values) */
    public void check(CustomerCreated customer) {
        List<String> missing = new ArrayList<>();
        for (String field : requiredFields) {
            boolean absent = switch (field.trim()) {
                case "email" -> blank(customer.email());
                case "phone" -> blank(customer.phone());
                case "address" -> customer.addresses().stream().allMatch(AsyncAddress::wasRemoved);
                default -> throw new IllegalStateException("hq.customer.required-fields knows email, phone, address; not " + field);
            };
            if (absent) {
                missing.add(field.trim());
            }
        }
        if (!missing.isEmpty()) {
            throw new SyncRefusedException(CustomerNotSynchronized.REQUIRED_FIELDS_MISSING, missing,
                    String.join(", ", missing) + (missing.size() == 1 ? " is" : " are") + " required at HQ");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
