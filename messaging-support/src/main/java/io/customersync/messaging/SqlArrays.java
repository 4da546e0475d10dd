package io.customersync.messaging;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import io.customersync.contracts.AsyncAddress;

/**
 * Columns of many rows as PostgreSQL array parameters, for set-based statements
 * ({@code insert ... select ... from unnest(?::uuid[], ?::text[], ...)}): one statement and one
 * round trip for a whole batch.
 */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** @param type the element type as PostgreSQL names it ({@code uuid}, {@code text}, {@code int4}, ...) */
    public static <T> Array column(Connection db, String type, Collection<T> rows, Function<? super T, ?> value)
            throws SQLException {
        return db.createArrayOf(type, rows.stream().map(value).toArray());
    }

    /**
     * Binds an address's fields as six text arrays, in the order street, city, state, zip, country,
     * purpose, from parameter {@code first} on (every address table lists them so).
     */
    public static void addressColumns(PreparedStatement statement, int first, List<AsyncAddress> addresses)
            throws SQLException {
        Connection db = statement.getConnection();
        statement.setArray(first, column(db, "text", addresses, AsyncAddress::street));
        statement.setArray(first + 1, column(db, "text", addresses, AsyncAddress::city));
        statement.setArray(first + 2, column(db, "text", addresses, AsyncAddress::state));
        statement.setArray(first + 3, column(db, "text", addresses, AsyncAddress::zip));
        statement.setArray(first + 4, column(db, "text", addresses, AsyncAddress::country));
        statement.setArray(first + 5, column(db, "text", addresses, AsyncAddress::purpose));
    }
}
