package io.customersync.channel.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import io.customersync.channel.config.ChannelConfig;

/**
 * Makes async customer numbers offline, without HQ: the channel id, a dash and a channel-local
 * sequence ({@code HOUSTON-000000042}). Globally unique because channel ids are. The service takes the
 * sequence's values {@value #BLOCK} at a time and gives them out from memory, so a group commit's transaction
 * has no round trip for its numbers but once per {@value #BLOCK} customers; values not given out when the
 * service stops stay unused (a gap, as a failed transaction leaves one).
 */
@ApplicationScoped
public class AsyncCustomerNumbers {

    /** Values of the sequence taken at a time. */
    static final int BLOCK = 100;

    private final int digits;
    private final ArrayDeque<Long> taken = new ArrayDeque<>(BLOCK);

    public AsyncCustomerNumbers(ChannelConfig config) {
        this.digits = config.asyncCustomerNumber().digits();
    }

    /** Numbers the customers that have no async number yet; takes more of the sequence on the given connection if needed. */
    synchronized void assign(Connection db, List<Customer> customers) throws SQLException {
        List<Customer> unnumbered = customers.stream().filter(c -> c.asyncCustomerNumber == null).toList();
        if (unnumbered.size() > taken.size()) {
            take(db, Math.max(BLOCK, unnumbered.size() - taken.size()));
        }
        for (Customer customer : unnumbered) {
            customer.asyncCustomerNumber = format(customer.channelId, taken.removeFirst(), digits);
        }
    }

    private void take(Connection db, int values) throws SQLException {
        try (PreparedStatement next = db.prepareStatement(
                "select nextval('async_customer_number_seq') from generate_series(1, ?)")) {
            next.setInt(1, values);
            try (ResultSet rs = next.executeQuery()) {
                while (rs.next()) {
                    taken.addLast(rs.getLong(1));
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
