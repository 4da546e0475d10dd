package io.customersync.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import io.customersync.contracts.EventJson;

/**
 * A service's database for the owners' single-row and cold paths: statements on the connection of the caller's
 * transaction (the data source hands out the one the transaction enlisted, or one of its own, in autocommit,
 * outside any), a failure as an unchecked exception that keeps the SQL state in its cause. No service has an ORM
 * (decisions 0024, 0025, 0026); the hot paths take the caller's {@link Connection} directly. Each service's bean
 * extends it (hq's {@code HqDatabase}, channel's {@code ChannelDatabase}, distribution's {@code DistributionDatabase}).
 * <p>
 * Parameters are bound by type: an {@link Instant} as a timestamp, an enum by its name, an {@link Array} as a
 * SQL array, anything else as the driver takes it.
 */
public class Database {

    /** Statements on one connection. */
    public interface Work<T> {
        T on(Connection db) throws SQLException;
    }

    /** One row of a result, as a typed value. */
    public interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    /** A SQL array parameter: the element type ({@code uuid}, {@code text}) and the elements. */
    public record Array(String type, Collection<?> elements) {
    }

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T call(String what, Work<T> work) {
        try (Connection db = dataSource.getConnection()) {
            return work.on(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what, e);
        }
    }

    /** @return how many rows the statement changed */
    public int update(String sql, Object... parameters) {
        return call(sql, db -> {
            try (PreparedStatement statement = prepare(db, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    public <T> List<T> list(String sql, Row<T> row, Object... parameters) {
        return call(sql, db -> {
            try (PreparedStatement statement = prepare(db, sql, parameters); ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.of(rs));
                }
                return rows;
            }
        });
    }

    /** The first row's value; null if there is none. */
    public <T> T first(String sql, Row<T> row, Object... parameters) {
        return call(sql, db -> {
            try (PreparedStatement statement = prepare(db, sql, parameters); ResultSet rs = statement.executeQuery()) {
                return rs.next() ? row.of(rs) : null;
            }
        });
    }

    /** The number a {@code count(*)} query answers. */
    public long count(String sql, Object... parameters) {
        return first(sql, rs -> rs.getLong(1), parameters);
    }

    public static PreparedStatement prepare(Connection db, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, bindable(db, parameters[i]));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static Object bindable(Connection db, Object parameter) throws SQLException {
        if (parameter instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (parameter instanceof Enum<?> value) {
            return value.name();
        }
        if (parameter instanceof Array array) {
            return db.createArrayOf(array.type(), array.elements().toArray());
        }
        return parameter;
    }

    /** A JSON text column ({@code jsonb::text}) as a value of {@code type} (null stays null). */
    public static <T> T json(ResultSet rs, int column, Class<T> type) throws SQLException {
        String json = rs.getString(column);
        if (json == null) {
            return null;
        }
        try {
            return EventJson.read(json.getBytes(StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new SQLException("column " + column + " is not the JSON expected", e);
        }
    }

    /** A timestamptz column as an instant (null stays null). */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
