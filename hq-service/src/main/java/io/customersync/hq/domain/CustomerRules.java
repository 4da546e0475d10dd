package io.customersync.hq.domain;

import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.customersync.contracts.CustomerCreated;

/**
 * What HQ requires of a customer before it gets an account number, beyond what the channel already
 * checked ({@code hq.customer.required-fields}: email, phone, address). A customer that does not
 * meet them fails synchronization, and ops can edit and retry it.
 */
@Singleton
public class CustomerRules {

    private final List<String> requiredFields;

    public CustomerRules(@ConfigProperty(name = "hq.customer.required-fields") Optional<List<String>> requiredFields) {
        this.requiredFields = requiredFields.orElse(List.of());
    }

    /** @throws SyncRefusedException naming the first missing field */
    public void check(CustomerCreated customer) {
        for (String field : requiredFields) {
            boolean missing = switch (field.trim()) {
                case "email" -> blank(customer.email());
                case "phone" -> blank(customer.phone());
                case "address" -> customer.addresses().isEmpty();
                default -> throw new IllegalStateException("hq.customer.required-fields knows email, phone, address; not " + field);
            };
            if (missing) {
                throw new SyncRefusedException(field.trim() + " is required at HQ");
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
