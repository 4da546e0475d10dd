package io.customersync.channel.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.HttpHeaders;

import io.customersync.api.ApiCredentials;
import io.customersync.api.FieldProblemException;

/**
 * A customer's entity tag ({@code ETag}, answered by GET and PATCH): the version of what a till or storefront edits,
 * its names, contacts, attributes and addresses, the same on every instance (a SHA-256 of them, map keys in order).
 * Its sync (status, account number, HQ's version of the same data) does not change it, so a storefront's form opened
 * while the customer was ASYNC is not refused for the account number it got meanwhile; another store's edit brought
 * by HQ does. A PATCH with {@code If-Match} is made only if it is still current (else 412): a storefront's edit
 * of {@code attributes}, replaced whole, no longer removes a key a till added meanwhile unnoticed.
 */
final class CustomerETag {

    private static final String TAG = "\\s*(W/)?\"[\\x21\\x23-\\x7e]*\"\\s*";
    private static final Pattern IF_MATCH = Pattern.compile("\\s*\\*\\s*|" + TAG + "(," + TAG + ")*");

    private CustomerETag() {
    }

    static String of(CustomerResponse customer) {
        StringBuilder data = new StringBuilder();
        field(data, customer.firstName());
        field(data, customer.lastName());
        field(data, customer.email());
        field(data, customer.phone());
        Map<String, String> attributes = customer.attributes() == null ? Map.of() : new TreeMap<>(customer.attributes());
        attributes.forEach((key, value) -> field(field(data, key), value));
        for (CustomerResponse.AddressResponse a : customer.addresses()) {
            field(data, String.valueOf(a.addressId()));
            field(data, a.street());
            field(data, a.city());
            field(data, a.state());
            field(data, a.zip());
            field(data, a.country());
            field(data, String.valueOf(a.purpose()));
        }
        return "\"" + ApiCredentials.sha256(data.toString()).substring(0, 32) + "\"";
    }

    /**
     * Whether an {@code If-Match} header names the current tag: {@code *}, or a list of tags one of which is it
     * (compared strongly: a weak {@code W/} tag never matches).
     */
    static boolean matches(String ifMatch, String current) {
        if (ifMatch.strip().equals("*")) {
            return true;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.strip().equals(current)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks an {@code If-Match} header line: {@code *}, or entity tags in double quotes ({@code "..."} or
     * {@code W/"..."}) separated by commas (RFC 9110 section 13.1.1); anything else, an empty line included, is a 400
     * naming the header (before, an empty one made the edit unconditional, and garbage was a 412 "changed since").
     */
    static void checkIfMatch(String line) {
        if (!IF_MATCH.matcher(line).matches()) {
            throw new FieldProblemException(400, HttpHeaders.IF_MATCH,
                    "must be * or entity tags in double quotes, separated by commas (an ETag as GET answers it)");
        }
    }

    /** Each value with its length before it: no two different customers read as the same text. */
    private static StringBuilder field(StringBuilder data, String value) {
        return value == null ? data.append("-;") : data.append(value.length()).append(':').append(value).append(';');
    }
}
