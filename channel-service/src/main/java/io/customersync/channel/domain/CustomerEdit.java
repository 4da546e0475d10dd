package io.customersync.channel.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change to a customer: the fields that are not null are changed ({@code attributes} replaces them all), and
 * those {@code removed} ({@link #EMAIL}, {@link #PHONE}: the customer no longer gives them) are cleared.
 */
public record CustomerEdit(String firstName, String lastName, String email, String phone,
        Map<String, String> attributes, Set<String> removed) {

    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    public CustomerEdit {
        removed = removed == null ? Set.of() : Set.copyOf(removed);
        if (!Set.of(EMAIL, PHONE).containsAll(removed) || email != null && removed.contains(EMAIL)
                || phone != null && removed.contains(PHONE)) {
            throw new IllegalArgumentException("only an e-mail or phone not given may be removed: " + removed);
        }
    }

    /** Whether the customer is as the edit would leave it already (a retry of an edit made: RFC 9110, 13.1.1). */
    public boolean madeIn(Customer customer) {
        return (firstName == null || firstName.equals(customer.firstName))
                && (lastName == null || lastName.equals(customer.lastName))
                && (email == null && !removed.contains(EMAIL) || java.util.Objects.equals(email, customer.email))
                && (phone == null && !removed.contains(PHONE) || java.util.Objects.equals(phone, customer.phone))
                && (attributes == null || attributes.equals(customer.attributes == null ? Map.of() : customer.attributes));
    }

    /** The names of the fields the edit changes or removes, as the upload names them (CustomerUpdated.FIELDS). */
    public List<String> changedFields() {
        List<String> fields = new ArrayList<>();
        if (firstName != null) {
            fields.add("firstName");
        }
        if (lastName != null) {
            fields.add("lastName");
        }
        if (email != null || removed.contains(EMAIL)) {
            fields.add(EMAIL);
        }
        if (phone != null || removed.contains(PHONE)) {
            fields.add(PHONE);
        }
        if (attributes != null) {
            fields.add("attributes");
        }
        return List.copyOf(fields);
    }
}
