package io.customersync.channel.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A change to a customer: the fields that are not null are changed ({@code attributes} replaces them all). */
public record CustomerEdit(String firstName, String lastName, String email, String phone,
        Map<String, String> attributes) {

    /** The names of the fields the edit changes, as the upload names them (CustomerUpdated.FIELDS). */
    public List<String> changedFields() {
        List<String> fields = new ArrayList<>();
        if (firstName != null) {
            fields.add("firstName");
        }
        if (lastName != null) {
            fields.add("lastName");
        }
        if (email != null) {
            fields.add("email");
        }
        if (phone != null) {
            fields.add("phone");
        }
        if (attributes != null) {
            fields.add("attributes");
        }
        return List.copyOf(fields);
    }
}
