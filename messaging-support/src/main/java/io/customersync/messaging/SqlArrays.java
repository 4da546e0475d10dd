package io.customersync.messaging;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

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
}
