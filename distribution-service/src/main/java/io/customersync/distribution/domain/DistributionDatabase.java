package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * The distribution database for the owners' cold paths (ops, the pipeline page): statements on the caller's
 * transaction's connection (the data source hands out the one the transaction enlisted, or one of its own outside
 * any), a failure as an unchecked exception that keeps the SQL state in its cause. The service has no ORM
 * (decision 0024); the hot paths take the caller's {@link Connection} directly.
 */
final class DistributionDatabase {

    /** Statements on one connection. */
    interface Work<T> {
        T on(Connection db) throws SQLException;
    }

    private DistributionDatabase() {
    }

    static <T> T call(DataSource dataSource, String what, Work<T> work) {
        try (Connection db = dataSource.getConnection()) {
            return work.on(db);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot " + what, e);
        }
    }
}
