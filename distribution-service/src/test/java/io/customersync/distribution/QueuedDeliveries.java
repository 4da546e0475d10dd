package io.customersync.distribution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.arc.Arc;

/** The delivery queue ({@code pending_delivery}) as the tests read it: the service's own data source, plain JDBC. */
final class QueuedDeliveries {

    /** One queued delivery: where to, its state and its payload as text. */
    record Delivery(long id, String channelId, UUID eventId, UUID customerId, Instant receivedAt, Instant deliveredAt,
            int attempts, String lastError, Instant nextAttemptAt, String payload) {
    }

    private QueuedDeliveries() {
    }

    /** The rows meeting {@code where} (SQL on pending_delivery's columns, {@code ?} for each parameter), oldest first. */
    static List<Delivery> find(String where, Object... parameters) {
        return query("""
                select id, channel_id, event_id, customer_id, received_at, delivered_at, attempts, last_error,
                       next_attempt_at, payload::text
                from pending_delivery where %s order by id""".formatted(where), parameters);
    }

    static Optional<Delivery> first(String where, Object... parameters) {
        return find(where, parameters).stream().findFirst();
    }

    static long count(String where, Object... parameters) {
        return find(where, parameters).size();
    }

    static void delete(String where, Object... parameters) {
        try (Connection db = database().getConnection();
                PreparedStatement delete = db.prepareStatement("delete from pending_delivery where " + where)) {
            bind(delete, parameters).executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Delivery> query(String sql, Object... parameters) {
        try (Connection db = database().getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
            List<Delivery> rows = new ArrayList<>();
            try (ResultSet rs = bind(select, parameters).executeQuery()) {
                while (rs.next()) {
                    rows.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getObject(4, UUID.class), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)),
                            rs.getInt(7), rs.getString(8), instant(rs.getTimestamp(9)), rs.getString(10)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }

    private static DataSource database() {
        return Arc.container().instance(DataSource.class).get();
    }
}
