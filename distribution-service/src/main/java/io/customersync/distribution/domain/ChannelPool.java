package io.customersync.distribution.domain;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One channel database's connections: at most {@code size} out at once, the idle ones kept for the
 * next delivery. A connection is opened, checked and closed on the thread that asks for it or gives
 * it back: the pool has no thread of its own, so a channel in use costs its connections and nothing
 * else (docs/decisions/0013). The password is read through the channel's {@link PasswordReference}
 * whenever a connection is opened, never kept.
 */
final class ChannelPool {

    private static final Driver POSTGRESQL = new org.postgresql.Driver();

    final Channel channel;
    /** Connections handed out and not given back yet (the pool is in use while there are any). */
    final AtomicInteger leased = new AtomicInteger();
    volatile long lastUsed = System.nanoTime();

    private final Semaphore free;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Duration connectTimeout;
    private final Properties login = new Properties();
    private volatile boolean closed;

    ChannelPool(Channel channel, int size, Duration connectTimeout, Duration socketTimeout) {
        this.channel = channel;
        this.free = new Semaphore(size, true);
        this.connectTimeout = connectTimeout;
        login.setProperty("user", channel.username());
        login.setProperty("connectTimeout", Long.toString(seconds(connectTimeout)));
        // the whole login too: a store whose database accepts the connection and never answers (frozen, its disk
        // gone) held the caller for the socket timeout at every try (30 s), not the connect timeout
        login.setProperty("loginTimeout", Long.toString(seconds(connectTimeout)));
        login.setProperty("socketTimeout", Long.toString(seconds(socketTimeout)));
        login.setProperty("ApplicationName", "customer-distribution");
    }

    /**
     * A connection in a transaction of its own (auto-commit off): an idle one that still answers, or
     * a new one; waits up to the connect timeout while all of them are out.
     */
    Connection borrow() throws SQLException {
        try {
            if (!free.tryAcquire(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLException("no free connection to channel database " + channel.id() + " within "
                        + connectTimeout.toMillis() + " ms", "08001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted waiting for channel database " + channel.id(), "08001", e);
        }
        try {
            if (closed) {
                throw new SQLException("the pool of channel database " + channel.id() + " is closed", "08003");
            }
            for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
                // a store that went offline leaves dead connections: never hand one out
                if (connection.isValid((int) seconds(connectTimeout))) {
                    return connection;
                }
                closeQuietly(connection);
            }
            return open();
        } catch (SQLException | RuntimeException e) {
            free.release();
            throw e;
        }
    }

    /** Takes a connection back: kept for the next one if it is healthy and the pool open, closed otherwise. */
    void giveBack(Connection connection) {
        boolean kept = false;
        try {
            if (!closed && !connection.isClosed()) {
                // nothing half-done carries over to the next borrower (rollback is a no-op after a commit)
                if (connection.getAutoCommit()) {
                    connection.setAutoCommit(false);
                } else {
                    connection.rollback();
                }
                connection.clearWarnings();
                idle.addFirst(connection);
                kept = true;
            }
        } catch (SQLException e) {
            // a broken connection: closed below
        } finally {
            if (!kept) {
                closeQuietly(connection);
            }
            free.release();
        }
        if (closed) {
            closeIdle();
        }
    }

    /** Closes the pool: its idle connections now, those still out when they are given back. */
    void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Connection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
            closeQuietly(connection);
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(login);
        try {
            properties.setProperty("password", channel.passwordRef().read());
        } catch (IllegalStateException e) {
            // e.g. the password file is missing: the channel database cannot be reached, like any connect failure
            throw new SQLException("cannot connect to channel database " + channel.id() + ": " + e.getMessage(), "08001", e);
        }
        Connection connection = POSTGRESQL.connect(channel.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("channel " + channel.id() + ": not a PostgreSQL JDBC URL", "08001");
        }
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // already broken: nothing more to release
        }
    }

    private static long seconds(Duration timeout) {
        return Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
