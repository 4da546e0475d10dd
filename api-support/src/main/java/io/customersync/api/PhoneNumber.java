package io.customersync.api;

/**
 * What a phone number may look like where a till, a storefront or ops type one (docs/api.md): an optional leading
 * {@code +}, then digits written the ways people write them, with spaces, brackets, dashes or dots
 * ({@code +1 (713) 555-0101}, {@code (713) 555-0101}, {@code 713.555.0101}), at least four digits in all. Only its
 * digits count when customers are matched or searched.
 */
public final class PhoneNumber {

    /** For {@code @Pattern(regexp = ...)}. */
    public static final String PATTERN = "\\+?(?=(?:[^0-9]*[0-9]){4})[0-9(][0-9 ().\\-]{4,30}";

    public static final String MESSAGE = "must be a phone number such as +1 (555) 010-0100";

    private PhoneNumber() {
    }
}
