package io.customersync.distribution.domain;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

/** A {@link DataSource} that only hands out connections (for readers that take a data source). */
interface SimpleDataSource extends DataSource {

    @Override
    default Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the channel's own credentials are used");
    }

    @Override
    default PrintWriter getLogWriter() {
        return null;
    }

    @Override
    default void setLogWriter(PrintWriter out) {
    }

    @Override
    default void setLoginTimeout(int seconds) {
    }

    @Override
    default int getLoginTimeout() {
        return 0;
    }

    @Override
    default Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    default <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    default boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
