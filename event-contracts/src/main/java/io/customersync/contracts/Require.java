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

    /** A map of texts (attributes) without null values: {@code Map.copyOf} would fail on one without saying where. */
    static <K, V> java.util.Map<K, V> noNullValues(java.util.Map<K, V> map, String field) {
        if (map == null) {
            return java.util.Map.of();
        }
        for (V value : map.values()) { // not containsValue(null): Map.of's maps refuse to be asked
            if (value == null) {
                throw new IllegalArgumentException(field + " must not hold null values (leave a key out instead)");
            }
        }
        return java.util.Map.copyOf(map);
    }
}
