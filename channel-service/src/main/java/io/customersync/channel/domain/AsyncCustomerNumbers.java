package io.customersync.channel.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import io.customersync.channel.config.ChannelConfig;

/**
 * Makes async customer numbers offline, without HQ: the channel id, a dash and a channel-local
 * sequence ({@code HOUSTON-000000042}). Globally unique because channel ids are.
 */
@ApplicationScoped
public class AsyncCustomerNumbers {

    private final int digits;

    public AsyncCustomerNumbers(ChannelConfig config) {
        this.digits = config.asyncCustomerNumber().digits();
    }

    /** Numbers the customers that have no async number yet, with one query on the given connection. */
    void assign(Connection db, List<Customer> customers) throws SQLException {
        List<Customer> unnumbered = customers.stream().filter(c -> c.asyncCustomerNumber == null).toList();
        if (unnumbered.isEmpty()) {
            return;
        }
        try (PreparedStatement next = db.prepareStatement(
                "select nextval('async_customer_number_seq') from generate_series(1, ?)")) {
            next.setInt(1, unnumbered.size());
            try (ResultSet rs = next.executeQuery()) {
                for (Customer customer : unnumbered) {
                    rs.next();
                    customer.asyncCustomerNumber = format(customer.channelId, rs.getLong(1), digits);
                }
            }
        }
    }

    static String format(String channelId, long value, int digits) {
        String number = Long.toString(value);
        StringBuilder formatted = new StringBuilder(channelId.length() + 1 + Math.max(digits, number.length()))
                .append(channelId).append('-');
        for (int pad = number.length(); pad < digits; pad++) {
            formatted.append('0');
        }
        return formatted.append(number).toString();
    }
}
