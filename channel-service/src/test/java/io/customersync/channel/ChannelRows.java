package io.customersync.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.customersync.contracts.EventJson;
import io.customersync.testsupport.Sql;
import io.quarkus.arc.Arc;

/**
 * The tests' look at the channel database, with plain SQL on a connection of their own (not through the
 * code under test): what a write left in the rows, read back after its answer, so that a write the
 * answer shows but the database never got fails a test.
 */
final class ChannelRows {

    /** A customer's row as stored, with its addresses in their order. */
    record CustomerRow(String firstName, String lastName, String email, String phone, Map<?, ?> attributes,
            String status, String syncReason, List<?> fieldsToFix, Instant updatedAt, Long hqVersion,
            List<AddressRow> addresses) {
    }

    /** An address row of a customer. */
    record AddressRow(UUID id, String street, String purpose, String city, String zip) {
    }

    private ChannelRows() {
    }

    /** The customer's row as committed now; {@link AssertionError} if there is none. */
    static CustomerRow customer(String customerId) {
        UUID id = UUID.fromString(customerId);
        try (Connection db = dataSource().getConnection();
                PreparedStatement select = db.prepareStatement("""
                        select first_name, last_name, email, phone, attributes::text, status, sync_reason,
                               fields_to_fix::text, updated_at, hq_version
                        from customer where id = ?""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no customer " + id + " in the channel database");
                }
                return new CustomerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        json(rs.getString(5), Map.class), rs.getString(6), rs.getString(7),
                        json(rs.getString(8), List.class), rs.getObject(9, OffsetDateTime.class).toInstant(),
                        rs.getObject(10, Long.class), addresses(db, id));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as a number (a {@code count(*)}), with {@code ?} parameters. */
    static long count(String sql, Object... parameters) {
        try {
            return new Sql(dataSource()).count(sql, parameters);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<AddressRow> addresses(Connection db, UUID customerId) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select id, street, purpose, city, zip from customer_address where customer_id = ? order by position""")) {
            select.setObject(1, customerId);
            List<AddressRow> addresses = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    addresses.add(new AddressRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return addresses;
        }
    }

    private static <T> T json(String text, Class<T> type) {
        try {
            return EventJson.read(text.getBytes(StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    private static DataSource dataSource() {
        return Arc.container().instance(DataSource.class).get();
    }
}
