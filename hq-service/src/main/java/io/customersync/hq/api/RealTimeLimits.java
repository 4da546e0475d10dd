package io.customersync.hq.api;

import java.util.List;
import java.util.regex.Pattern;

import io.customersync.api.FieldProblemException;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;

/**
 * What HQ's columns hold, checked before the real-time service stages a customer: a value too long, or an address's
 * field left out, is a 400 naming its field, not a database error answered 500 (found by probing). A channel-service checks the same before it calls;
 * this is for any other caller. Lengths in characters, as PostgreSQL counts them.
 */
final class RealTimeLimits {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private RealTimeLimits() {
    }

    static void check(CustomerCreated customer) {
        atMost("channelId", customer.channelId(), 32);
        atMost("asyncCustomerNumber", customer.asyncCustomerNumber(), 64);
        atMost("firstName", customer.firstName(), 100);
        atMost("lastName", customer.lastName(), 100);
        atMost("email", customer.email(), 254);
        atMost("phone", customer.phone(), 32);
        List<AsyncAddress> addresses = customer.addresses() == null ? List.of() : customer.addresses();
        for (int i = 0; i < addresses.size(); i++) {
            AsyncAddress address = addresses.get(i);
            String at = "addresses[" + i + "].";
            for (String[] field : new String[][] { { "street", address.street() }, { "city", address.city() },
                    { "zip", address.zip() }, { "country", address.country() }, { "purpose", address.purpose() } }) {
                if (field[1] == null) { // HQ keeps them (an empty zip: a country without postcodes); a 500 before
                    throw new FieldProblemException(400, at + field[0], "must not be null");
                }
            }
            atMost(at + "street", address.street(), 200);
            atMost(at + "city", address.city(), 100);
            atMost(at + "state", address.state(), 100);
            atMost(at + "zip", address.zip(), 20);
            if (!COUNTRY.matcher(address.country()).matches()) { // one letter was kept padded ("Q ") before
                throw new FieldProblemException(400, at + "country", "must be an ISO 3166-1 alpha-2 code, two capital letters");
            }
            atMost(at + "purpose", address.purpose(), 16);
        }
    }

    private static void atMost(String field, String value, int max) {
        if (value != null && value.codePointCount(0, value.length()) > max) {
            throw new FieldProblemException(400, field, "size must be at most " + max);
        }
    }
}
