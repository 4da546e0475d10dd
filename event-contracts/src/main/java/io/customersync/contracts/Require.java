package io.customersync.contracts;

/** Checks in the records' constructors: an event missing a required field is refused when it is read. */
final class Require {

    private Require() {
    }

    static void present(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
