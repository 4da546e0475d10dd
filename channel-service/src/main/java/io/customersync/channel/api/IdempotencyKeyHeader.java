package io.customersync.channel.api;

import java.util.regex.Pattern;

import io.customersync.api.FieldProblemException;

/**
 * Reads the {@code Idempotency-Key} header. draft-ietf-httpapi-idempotency-key-header makes it a
 * Structured Field String (RFC 8941 section 3.3.3), {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"};
 * clients that send the key bare are accepted too, and {@code "abc"} and {@code abc} are the same key.
 * Either way the key itself is 1 to 128 of {@code A-Za-z0-9._:-}. The draft defines no parameters,
 * so nothing may follow the closing quote.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private IdempotencyKeyHeader() {
    }

    /** The key in {@code value} (quotes and escapes removed); a malformed value is a 400 problem. */
    static String keyOf(String value) {
        String key = value.startsWith("\"") ? unquote(value) : value;
        if (!KEY.matcher(key).matches()) {
            throw notAKey();
        }
        return key;
    }

    /** The 400 problem of a value that is no key (an empty one included). */
    static FieldProblemException notAKey() {
        return new FieldProblemException(400, NAME, "must be 1 to 128 letters, digits or . _ : -, bare or in double quotes");
    }

    /** The 400 problem of a request with two keys. */
    static FieldProblemException sentTwice() {
        return new FieldProblemException(400, NAME, "sent more than once: one key a request");
    }

    /** RFC 8941 section 4.2.5, parsing a String; the value starts with its opening quote. */
    private static String unquote(String value) {
        StringBuilder key = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 == value.length() || (value.charAt(i + 1) != '"' && value.charAt(i + 1) != '\\')) {
                    throw malformed();
                }
                key.append(value.charAt(++i));
            } else if (c == '"') {
                if (i + 1 != value.length()) {
                    throw malformed();
                }
                return key.toString();
            } else if (c < 0x20 || c > 0x7e) {
                throw malformed();
            } else {
                key.append(c);
            }
        }
        throw malformed(); // no closing quote
    }

    private static FieldProblemException malformed() {
        return new FieldProblemException(400, NAME, "a quoted key must be one Structured Field String (RFC 8941): "
                + "printable ASCII between double quotes, only \\\" and \\\\ escaped, nothing after the closing quote");
    }
}
